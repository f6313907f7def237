import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, ManifestValidationError } from '../errors';
import { DatasetManifestSchema, type DatasetManifest } from './schema';

/** The manifest's file name inside a dataset folder. */
export const MANIFEST_FILE_NAME = 'manifest.json';

/** A manifest together with the folder it was read from (paths resolve against both). */
export interface OpenedDataset {
  dir: string;
  manifest: DatasetManifest;
}

/** Validates an object against the schema; throws ManifestValidationError listing what is wrong. */
export function validateManifest(value: unknown, fileLabel = MANIFEST_FILE_NAME): DatasetManifest {
  const result = DatasetManifestSchema.safeParse(value);
  if (!result.success) {
    throw new ManifestValidationError(
      fileLabel,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Reads and validates `DIR/manifest.json`. */
export function openDataset(dir: string): OpenedDataset {
  const file = path.join(dir, MANIFEST_FILE_NAME);
  if (!fs.existsSync(file)) {
    throw new DatasetError(`'${dir}' is not a dataset: ${MANIFEST_FILE_NAME} not found (create one with 'protoscope data import' or 'data generate')`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ManifestValidationError(file, [`not valid JSON (${(error as Error).message})`]);
  }
  return { dir: path.resolve(dir), manifest: validateManifest(parsed, file) };
}

/** Writes a manifest (validated first) into a folder. */
export function writeManifest(dir: string, manifest: DatasetManifest): void {
  const valid = validateManifest(manifest);
  fs.writeFileSync(path.join(dir, MANIFEST_FILE_NAME), `${JSON.stringify(valid, null, 1)}\n`);
}

/** Absolute path of an image or mask path of the manifest. */
export function resolveDataPath(dataset: OpenedDataset, relativePath: string): string {
  if (path.isAbsolute(relativePath)) return relativePath;
  return path.resolve(dataset.dir, dataset.manifest.dataRoot, relativePath);
}
