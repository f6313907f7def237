/**
 * Where a job's dataset is: the one rule the server (showing a dataset's images, checking what it
 * queues) and the worker (reading the dataset a payload names) follow.
 *
 * A dataset id is a folder name: letters, digits, `_`, `.` and `-`, starting with a letter or digit,
 * at most 200 characters — never `..`, never a path. An id-shaped reference is always an id:
 *  1. a dataset registered in the store: its folder (the store's location under its data root, or a
 *     local copy of its object-store prefix);
 *  2. else `<data root>/<id>` when it holds a `manifest.json` (a dataset copied in, not registered);
 *  3. else, where the caller knows one, a folder the store recorded for that id (a run trained from
 *     the command line names its folder), whether it is still there or not.
 * Anything else is a folder path; only callers that allow paths (the worker, for payloads written by
 * the command line; the server checks paths against its data roots before it queues them) take it,
 * and only when it holds a `manifest.json`. A bare name is never a folder of the working directory:
 * write `./name` for that.
 *
 * The store is reached through {@link DatasetCatalog}, three calls a caller wires to its store, so
 * this library needs no store of its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DATASET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
/** Completes "dataset id "x" …" in messages. */
export const DATASET_ID_RULE = 'must be 1 to 200 letters, digits, "_", "." and "-", starting with a letter or digit (it names a folder)';

export function isDatasetId(value: string): boolean {
  return DATASET_ID_PATTERN.test(value);
}

/** What the lookup asks of a store. */
export interface DatasetCatalog {
  /** The folder dataset locations are relative to. */
  readonly dataRoot: string;
  findDataset(datasetId: string): Promise<unknown>;
  /** The local folder of a registered dataset, ready to read (object-store datasets are fetched first). */
  datasetFolder(datasetId: string): Promise<string>;
}

export interface DatasetLookupOptions {
  /** Step 3: a folder the store recorded for an unregistered id. */
  recordedFolder?: (datasetId: string) => Promise<string | undefined>;
  /** Take a reference that is not an id as a folder path (relative to the working directory). */
  allowPaths?: boolean;
}

const holdsManifest = (folder: string) => fs.existsSync(path.join(folder, 'manifest.json'));

/** The folder of `reference` by the rule above, or undefined when there is none. */
export async function locateDataset(catalog: DatasetCatalog, reference: string, options: DatasetLookupOptions = {}): Promise<string | undefined> {
  if (isDatasetId(reference)) {
    if (await catalog.findDataset(reference)) return catalog.datasetFolder(reference);
    const underRoot = path.join(catalog.dataRoot, reference);
    if (holdsManifest(underRoot)) return underRoot;
    return options.recordedFolder ? options.recordedFolder(reference) : undefined;
  }
  if (options.allowPaths && reference.trim() !== '' && holdsManifest(reference)) return path.resolve(reference);
  return undefined;
}

/** Why {@link locateDataset} found nothing for `reference`, in one line. */
export function datasetNotFoundMessage(reference: string, dataRoot: string): string {
  if (isDatasetId(reference)) {
    return `no dataset "${reference}": it is not registered in the store and ${path.join(dataRoot, reference)} holds no manifest.json; generate or import it first`;
  }
  return `no dataset at "${reference}": it is not a dataset id (${DATASET_ID_RULE.replace('must be', 'ids are')}) and holds no manifest.json`;
}
