/**
 * Dataset manifests read from disk, kept in memory across requests and re-read when `manifest.json`
 * changes (its modification time or size). A manifest of a few thousand images is a few megabytes
 * of JSON; parsing it per request would dominate image queries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE_NAME, openDataset, type DatasetManifest, type ImageRecord, type OpenedDataset } from '@protoscope/datasets';

/** A manifest with its images by id and in manifest order. */
export interface DatasetIndex {
  opened: OpenedDataset;
  manifest: DatasetManifest;
  byId: ReadonlyMap<string, ImageRecord>;
  /** The primary task's class names. */
  classes: readonly string[];
}

interface Entry {
  mtimeMs: number;
  size: number;
  index: DatasetIndex;
}

export class ManifestCache {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;

  constructor(capacity = 16) {
    this.#capacity = capacity;
  }

  /** The dataset in `dir`; throws the dataset library's errors when the folder is not a dataset. */
  get(dir: string): DatasetIndex {
    const file = path.join(dir, MANIFEST_FILE_NAME);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      stat = undefined;
    }
    const cached = this.#entries.get(dir);
    if (stat && cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      // Refresh its place in the least-recently-used order.
      this.#entries.delete(dir);
      this.#entries.set(dir, cached);
      return cached.index;
    }
    const opened = openDataset(dir); // throws a DatasetError naming the folder when it is not a dataset
    const manifest = opened.manifest;
    const index: DatasetIndex = {
      opened,
      manifest,
      byId: new Map(manifest.images.map((r) => [r.id, r])),
      classes: manifest.tasks[manifest.primaryTask]?.classes ?? [],
    };
    this.#entries.delete(dir);
    this.#entries.set(dir, { mtimeMs: stat?.mtimeMs ?? 0, size: stat?.size ?? 0, index });
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return index;
  }
}
