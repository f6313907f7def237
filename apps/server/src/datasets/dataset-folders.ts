/**
 * Where a dataset's folder is. Registered datasets (generated or imported through jobs) know their
 * location (a folder under the data root, or an object-store prefix copied there on first use). A run trained from the command line on a folder that was never registered still records
 * the folder in its config (`training.data`), so an unregistered dataset id is looked up through the
 * newest run that used it — its images then show up in the graph all the same. That folder is a
 * machine's absolute path: when it is not there (the store was copied or moved), the folder named by
 * the dataset id under the store's data root is used instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '@protoscope/tracking';

export async function datasetFolderOf(store: Store, datasetId: string): Promise<string | undefined> {
  const registered = await store.findDataset(datasetId);
  if (registered) return store.datasetFolder(registered.id);
  const [run] = await store.listRuns({ dataset: datasetId, limit: 1 });
  const training = run?.config.training;
  const data = training && typeof training === 'object' && !Array.isArray(training) ? training.data : undefined;
  if (typeof data !== 'string') return undefined;
  if (fs.existsSync(path.join(data, 'manifest.json'))) return data;
  const underRoot = path.join(store.dataRoot, datasetId);
  return fs.existsSync(path.join(underRoot, 'manifest.json')) ? underRoot : data;
}
