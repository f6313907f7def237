/**
 * Where a dataset's folder is, for showing its images: the job contract's one lookup rule
 * (libs/job-contract/src/dataset-lookup.ts) — a registered id's folder, else `<data root>/<id>` — and,
 * for a dataset no one registered, the folder the newest run that used it recorded in its config
 * (`training.data`, a run trained from the command line), so its images show up in the graph all the same.
 */
import { locateDataset } from '@protoscope/job-contract';
import type { Store } from '@protoscope/tracking';

export function datasetFolderOf(store: Store, datasetId: string): Promise<string | undefined> {
  const catalog = { dataRoot: store.dataRoot, findDataset: (id: string) => store.datasets.find(id), datasetFolder: (id: string) => store.datasets.folder(id) };
  return locateDataset(catalog, datasetId, {
    recordedFolder: async (id) => {
      const [run] = await store.runs.list({ dataset: id, limit: 1 });
      const training = run?.config.training;
      const data = training && typeof training === 'object' && !Array.isArray(training) ? training.data : undefined;
      return typeof data === 'string' ? data : undefined;
    },
  });
}
