/**
 * A dataset's location: where its folder (the one holding `manifest.json`) is, relative to the store's
 * data root — never a machine's absolute path, so a store copied or mounted elsewhere, with its data
 * root beside it, finds every dataset again. A folder outside the root is recorded relative to the
 * root too (`../elsewhere/x`): it keeps working when both move together. Or an object-store prefix
 * (`s3://bucket/prefix`), fetched into `<data root>/.object-store/<bucket>/<prefix>` when first used.
 */
import * as path from 'node:path';
import { isS3Location, parseS3Location } from './artifact-location';
import { ArtifactStoreError, InvalidInputError } from './errors';
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
  if (isS3Location(location)) {
    try {
      const { bucket, prefix } = parseS3Location(location);
      return `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
    } catch (error) {
      throw new InvalidInputError(`${what}: ${(error as ArtifactStoreError).message}`);
    }
  }
  if (location.includes('\\') || path.posix.isAbsolute(location) || /^[A-Za-z]:/.test(location)) {
    throw new InvalidInputError(
      `${what} "${location}" must be relative to the data root with "/" between folders, not a machine's absolute path`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new InvalidInputError(`${what} "${location}": a dataset location is a folder under the data root or s3://BUCKET/PREFIX`);
  }
  return path.posix.normalize(location);
}

/** The absolute folder of `location` under `dataRoot` (for an object-store prefix, its local copy). */
export function folderOfLocation(location: string, dataRoot: string): string {
  if (isS3Location(location)) {
    const { bucket, prefix } = parseS3Location(location);
    return path.join(dataRoot, OBJECT_STORE_CACHE, bucket, ...(prefix ? prefix.split('/') : []));
  }
  return path.resolve(dataRoot, ...location.split('/'));
}

/** The folder under the data root holding local copies of datasets kept in object storage. */
export const OBJECT_STORE_CACHE = '.object-store';
