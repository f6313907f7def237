import { JobPayloadError, locateDataset, datasetNotFoundMessage, parseJobPayload, type JobKind, type JobPayloads } from '@protoscope/job-contract';
import type { Job, Store } from '@protoscope/tracking';

/** The job's payload, checked against its kind's schema in the job contract; the error names the job and every wrong field. */
export function parsePayload<Kind extends JobKind>(kind: Kind, job: Job): JobPayloads[Kind] {
  try {
    return parseJobPayload(kind, job.payload);
  } catch (error) {
    if (error instanceof JobPayloadError) throw new JobPayloadError(`job ${job.id}: ${error.message}`);
    throw error;
  }
}

/**
 * The folder of the dataset a payload names (`data`), by the job contract's one rule: a dataset id
 * (registered, or a folder of that name under the data root), else a folder path holding a manifest.
 */
export async function payloadDatasetFolder(store: Store, data: string): Promise<string> {
  const catalog = { dataRoot: store.dataRoot, findDataset: (id: string) => store.datasets.find(id), datasetFolder: (id: string) => store.datasets.folder(id) };
  const folder = await locateDataset(catalog, data, { allowPaths: true });
  if (folder === undefined) throw new JobPayloadError(`data: ${datasetNotFoundMessage(data, store.dataRoot)}`);
  return folder;
}
