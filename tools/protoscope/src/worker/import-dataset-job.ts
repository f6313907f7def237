import { z } from 'zod';
import { DicomwebAbortError, importDataset, openDataset } from '@protoscope/datasets';
import { datasetFolder, installDataset, registerDatasetFolder, stagingFolder } from './dataset-folders';
import { JobInterruptedError, type JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** `import-dataset` payload: what `protoscope data import` takes. */
export const ImportDatasetPayloadSchema = z.strictObject({
  format: z.string().min(1),
  /** The input path the format's reader expects (a folder or file on the worker's machine). */
  source: z.string().min(1),
  /** The dataset's id and folder name; default the reader's manifest id. */
  id: z.string().min(1).optional(),
  /** Reader-specific options, as on the command line (`{"view": "CC"}`). */
  options: z.record(z.string(), z.string()).default({}),
  skipBad: z.boolean().default(false),
  valFraction: z.number().min(0).max(1).optional(),
  seed: z.number().int().default(0),
});

/** Imports a dataset in a known format into `<datasets>/<id>` and registers it in the store. */
export const importDatasetJob: JobHandler = {
  kind: 'import-dataset',
  async run({ job, store, datasetsRoot, reportProgress, log, signal }) {
    const payload = parsePayload(ImportDatasetPayloadSchema, job);
    if (payload.id) datasetFolder(datasetsRoot, payload.id);
    const staging = stagingFolder(datasetsRoot, job.id);
    const report = await importDataset(payload.format, payload.source, {
      out: staging,
      skipBad: payload.skipBad,
      readerOptions: payload.options,
      valFraction: payload.valFraction,
      seed: payload.seed,
      signal,
      onProgress: (phase, done, total) => void reportProgress({ fraction: total > 0 ? done / total : undefined, message: phase }),
    }).catch((error: unknown) => {
      // A cancelled DICOMweb download keeps its files beside the staging folder: the rerun resumes.
      if (error instanceof DicomwebAbortError) throw new JobInterruptedError(error.message);
      throw error;
    });
    const { manifest } = openDataset(staging);
    const dir = installDataset(datasetsRoot, staging, manifest, payload.id ?? manifest.id);
    const dataset = await registerDatasetFolder(store, dir);
    log(`dataset ${dataset.id}: imported ${report.imported} images from ${payload.source}${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}`);
    return { datasetId: dataset.id, path: dir, images: report.imported, skipped: report.skipped.length };
  },
};
