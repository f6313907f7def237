import path from 'node:path';
import type { MethodInputs } from '@protoscope/core-models';
import { openDataset, pairExamples, pairViews } from '@protoscope/datasets';
import { createBatchLoader, type BatchLoader } from '@protoscope/datasets/tensors';
import { ImageSet } from './image-set';
import { UserFacingError } from '../../user-facing-error';

/** `all`, `split:NAME` (every image of a split) or `ids:A,B,…` (those records). */
export type ImageSelection = { all: true } | { split: string } | { ids: string[] };

export function parseImageSelection(value: string): ImageSelection {
  if (value === 'all') return { all: true };
  const [kind, rest] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  if (kind === 'split' && rest) return { split: rest };
  if (kind === 'ids' && rest) return { ids: rest.split(',').map((s) => s.trim()).filter(Boolean) };
  throw new UserFacingError(`--images must be 'all', 'split:NAME' or 'ids:ID1,ID2,…', got '${value}'`);
}

export interface ImageLoaderOptions {
  data: string;
  selection: ImageSelection;
  /** At most this many images, the first ones in manifest order. */
  limit?: number;
  size: number;
  channels: 1 | 3;
  batchSize: number;
}

/**
 * The images a command works on, unaugmented, in manifest order, at the run's input size and
 * channels, with lesion masks (for localisation) — the same pixels the model was evaluated on.
 */
export function loadSelectedImages(options: ImageLoaderOptions): BatchLoader {
  const dataset = openDataset(path.resolve(options.data));
  const { selection } = options;
  let keep: (id: string) => boolean;
  let split: string | undefined;
  if ('split' in selection) {
    split = selection.split;
    const splits = new Set(dataset.manifest.images.map((r) => r.split).filter((s) => s !== undefined));
    if (!splits.has(split)) throw new UserFacingError(`${options.data} has no split '${split}' (splits: ${[...splits].join(', ') || 'none'})`);
    keep = () => true;
  } else if ('all' in selection) {
    keep = () => true;
  } else {
    const known = new Set(dataset.manifest.images.map((r) => r.id));
    const missing = selection.ids.filter((id) => !known.has(id));
    if (missing.length) throw new UserFacingError(`${options.data} has no image${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}`);
    const wanted = new Set(selection.ids);
    keep = (id) => wanted.has(id);
  }
  let taken = 0;
  const limit = options.limit ?? Infinity;
  const loader = createBatchLoader(dataset, {
    size: options.size,
    batchSize: options.batchSize,
    channels: options.channels,
    split,
    withMasks: true,
    // Records are filtered in manifest order, so the first `limit` labelled ones are kept.
    filter: (record) => keep(record.id) && taken++ < limit,
  });
  if (loader.records.length === 0) throw new UserFacingError(`no labelled images selected from ${options.data}`);
  return loader;
}

/**
 * The selected images as the run's model takes them: single images, or for a two-view model
 * (`inputs: 'view-pair'`) the CC/MLO pairs among them, each pair twice (either view as the main one),
 * as in training. Pairing errors name the data and why no pair could be made.
 */
export function selectedImageSet(options: ImageLoaderOptions & { inputs?: MethodInputs }): ImageSet {
  const loader = loadSelectedImages(options);
  if (options.inputs !== 'view-pair') return new ImageSet(loader);
  const { pairs } = pairViews(loader.records, { task: loader.taskName, label: `the selected images of ${options.data}` });
  return new ImageSet(loader, { pairs: pairExamples(pairs) });
}
