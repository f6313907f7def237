/**
 * A dataset's location: where its folder (the one holding `manifest.json`) is, relative to the store's
 * data root — never a machine's absolute path, so a store copied or mounted elsewhere, with its data
 * root beside it, finds every dataset again. A folder outside the root is recorded relative to the
 * root too (`../elsewhere/x`): it keeps working when both move together.
 */
import * as path from 'node:path';
import { InvalidInputError } from './errors';
import { protoscopeHome, type StoreLocation } from './url';

/** The data root: `PROTOSCOPE_DATA_ROOT`, else `datasets` beside an SQLite file, else `<PROTOSCOPE_HOME>/datasets`. */
export function defaultDataRoot(location: StoreLocation, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PROTOSCOPE_DATA_ROOT;
  if (configured && configured.trim() !== '') return path.resolve(configured);
  if (location.dialect === 'sqlite' && location.file !== ':memory:') return path.join(path.dirname(path.resolve(location.file)), 'datasets');
  return path.resolve(protoscopeHome(env), 'datasets');
}

/** The location of `folder` (absolute, or relative to the working directory) under `dataRoot`. */
export function locationOfFolder(folder: string, dataRoot: string): string {
  const relative = path.relative(dataRoot, path.resolve(folder));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/** Checks a location given as such: relative, `/`-separated, no empty parts. */
export function checkDatasetLocation(location: string, what = 'dataset location'): string {
  if (typeof location !== 'string' || location.trim() === '') throw new InvalidInputError(`${what} must be a non-empty relative path`);
  if (location.includes('\\') || path.posix.isAbsolute(location) || /^[A-Za-z]:/.test(location)) {
    throw new InvalidInputError(
      `${what} "${location}" must be relative to the data root with "/" between folders, not a machine's absolute path`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new InvalidInputError(`${what} "${location}": only folders under the data root are supported as dataset locations`);
  }
  return path.posix.normalize(location);
}

/** The absolute folder of `location` under `dataRoot`. */
export function folderOfLocation(location: string, dataRoot: string): string {
  return path.resolve(dataRoot, ...location.split('/'));
}
