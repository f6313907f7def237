/**
 * Where a dataset's folder is. Registered datasets (generated or imported through jobs) know their
 * folder. A run trained from the command line on a folder that was never registered still records
 * the folder in its config (`training.data`), so an unregistered dataset id is looked up through the
 * newest run that used it — its images then show up in the graph all the same.
 */
import type { Store } from '@protoscope/tracking';

export async function datasetFolderOf(store: Store, datasetId: string): Promise<string | undefined> {
  const registered = await store.findDataset(datasetId);
  if (registered) return registered.path;
  const [run] = await store.listRuns({ dataset: datasetId, limit: 1 });
  const training = run?.config.training;
  const data = training && typeof training === 'object' && !Array.isArray(training) ? training.data : undefined;
  return typeof data === 'string' ? data : undefined;
}
