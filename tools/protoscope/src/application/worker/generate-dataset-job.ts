import { generateDataset } from '@protoscope/datasets';
import { datasetFolder, installDataset, registerDatasetFolder, stagingFolder } from './dataset-folders';
import type { JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** Generates a synthetic dataset into `<datasets>/<id>` and registers it in the store. */
export const generateDatasetJob: JobHandler = {
  kind: 'generate-dataset',
  async run({ job, store, datasetsRoot, reportProgress, log }) {
    const payload = parsePayload('generate-dataset', job);
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
