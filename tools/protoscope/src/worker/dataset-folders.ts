import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset, writeManifest, type DatasetManifest } from '@protoscope/datasets';
import { parseStoreUrl, protoscopeHome, type Dataset, type Store } from '@protoscope/tracking';
import { JobPayloadError } from './job-handler';

/** A dataset id is also a folder name. */
const DATASET_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/** A dataset with this id already has a folder; the job does not overwrite it. */
export class DatasetExistsError extends Error {
  override name = 'DatasetExistsError';
  constructor(id: string, dir: string) {
    super(`a dataset with id '${id}' already exists at ${dir}; give the job another "id", or delete that folder first`);
  }
}

/**
 * Where a store's datasets live: `PROTOSCOPE_DATA_ROOT` when set, else beside an SQLite store file (`<PROTOSCOPE_HOME>/datasets` for the
 * default store, as the store puts its artifacts beside it), else `<PROTOSCOPE_HOME>/datasets` — a
 * folder every worker of a PostgreSQL store must share.
 */
export function datasetsRootFor(storeUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const location = parseStoreUrl(storeUrl);
  // The store's data root (dataset locations are relative to it) wins when configured.
  if (env.PROTOSCOPE_DATA_ROOT && env.PROTOSCOPE_DATA_ROOT.trim() !== '') return path.resolve(env.PROTOSCOPE_DATA_ROOT);
  if (location.dialect === 'sqlite' && location.file !== ':memory:') return path.join(path.dirname(location.file), 'datasets');
  return path.resolve(protoscopeHome(env), 'datasets');
}

export function checkDatasetId(id: string): string {
  if (!DATASET_ID.test(id)) throw new JobPayloadError(`dataset id '${id}' must be letters, digits, '_', '.' and '-' (it names a folder)`);
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
  return store.registerDataset({
    id: manifest.id,
    name: manifest.name ?? null,
    path: dir,
    origin: manifest.origin,
    classes: manifest.tasks[manifest.primaryTask]?.classes ?? [],
    imageCount: manifest.images.length,
  });
}
