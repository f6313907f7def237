import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset, writeManifest, type DatasetManifest } from '@protoscope/datasets';
import { DATASET_ID_RULE, isDatasetId } from '@protoscope/job-contract';
import type { Dataset, Store } from '@protoscope/tracking';
import { JobPayloadError } from './job-handler';

/** A dataset with this id already has a folder; the job does not overwrite it. */
export class DatasetExistsError extends Error {
  override name = 'DatasetExistsError';
  constructor(id: string, dir: string) {
    super(`a dataset with id '${id}' already exists at ${dir}; give the job another "id", or delete that folder first`);
  }
}

/** `id` when it is a dataset id by the job contract's rule (it names a folder under the data root). */
export function checkDatasetId(id: string): string {
  if (!isDatasetId(id)) throw new JobPayloadError(`dataset id "${id}" ${DATASET_ID_RULE}`);
  return id;
}

/**
 * A private folder for one job's output before it gets its final name. Whatever an earlier, killed
 * attempt of the same job left there (including the writer's `.partial-` folders) is removed first.
 */
export function stagingFolder(root: string, jobId: number): string {
  const staging = path.join(root, '.staging');
  fs.mkdirSync(staging, { recursive: true });
  const mine = `job-${jobId}`;
  for (const entry of fs.readdirSync(staging)) {
    if (entry === mine || entry.startsWith(`.${mine}.partial-`)) fs.rmSync(path.join(staging, entry), { recursive: true, force: true });
  }
  return path.join(staging, mine);
}

/** The final folder of dataset `id`; throws when it is taken. */
export function datasetFolder(root: string, id: string): string {
  const dir = path.join(root, checkDatasetId(id));
  if (fs.existsSync(dir)) throw new DatasetExistsError(id, dir);
  return dir;
}

/**
 * Moves a finished staging folder to `<root>/<id>` (one rename: readers never see half a dataset),
 * first giving the manifest that id when it differs — runs record the manifest's id, so the
 * registered id and the runs' dataset must be the same.
 */
export function installDataset(root: string, staging: string, manifest: DatasetManifest, id: string): string {
  const target = datasetFolder(root, id);
  if (manifest.id !== id) writeManifest(staging, { ...manifest, id });
  fs.renameSync(staging, target);
  return target;
}

/** Registers a dataset folder in the store under its manifest's id. */
export async function registerDatasetFolder(store: Store, dir: string): Promise<Dataset> {
  const { manifest } = openDataset(dir);
  return store.datasets.register({
    id: manifest.id,
    name: manifest.name ?? null,
    path: dir,
    origin: manifest.origin,
    classes: manifest.tasks[manifest.primaryTask]?.classes ?? [],
    imageCount: manifest.images.length,
  });
}
