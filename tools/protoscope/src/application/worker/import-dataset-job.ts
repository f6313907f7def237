import { DicomwebAbortError, importDataset, openDataset } from '@protoscope/datasets';
import { datasetFolder, installDataset, registerDatasetFolder, stagingFolder } from './dataset-folders';
import { JobInterruptedError, type JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** Imports a dataset in a known format into `<datasets>/<id>` and registers it in the store. */
export const importDatasetJob: JobHandler = {
  kind: 'import-dataset',
  async run({ job, store, datasetsRoot, reportProgress, log, signal }) {
    const payload = parsePayload('import-dataset', job);
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
