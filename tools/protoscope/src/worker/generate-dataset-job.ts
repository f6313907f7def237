import { z } from 'zod';
import { generateDataset } from '@protoscope/datasets';
import { datasetFolder, installDataset, registerDatasetFolder, stagingFolder } from './dataset-folders';
import type { JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** `generate-dataset` payload: what `protoscope data generate` takes. */
export const GenerateDatasetPayloadSchema = z.strictObject({
  generator: z.string().min(1),
  n: z.number().int().positive(),
  seed: z.number().int().default(0),
  size: z.number().int().positive().default(64),
  /** The dataset's id and folder name; default the generator's (`<generator>-seed<S>-n<N>-<size>px`). */
  id: z.string().min(1).optional(),
  /** Generator-specific options, as on the command line (`{"normal-fraction": 0.5}`). */
  options: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});

/** Generates a synthetic dataset into `<datasets>/<id>` and registers it in the store. */
export const generateDatasetJob: JobHandler = {
  kind: 'generate-dataset',
  async run({ job, store, datasetsRoot, reportProgress, log }) {
    const payload = parsePayload(GenerateDatasetPayloadSchema, job);
    // Fail before the work when the requested id is taken.
    if (payload.id) datasetFolder(datasetsRoot, payload.id);
    const staging = stagingFolder(datasetsRoot, job.id);
    const manifest = await generateDataset(payload.generator, { n: payload.n, seed: payload.seed, size: payload.size, options: payload.options }, staging, (phase, done, total) => {
      void reportProgress({ fraction: total > 0 ? done / total : undefined, message: phase });
    });
    const dir = installDataset(datasetsRoot, staging, manifest, payload.id ?? manifest.id);
    const dataset = await registerDatasetFolder(store, dir);
    log(`dataset ${dataset.id}: ${dataset.imageCount} ${payload.generator} images in ${dir}`);
    return { datasetId: dataset.id, path: dir, images: dataset.imageCount };
  },
};
