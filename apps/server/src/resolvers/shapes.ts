/**
 * Conversions from the store's and the manifest's records to the shapes of the schema where they
 * differ (boxes in two conventions, images with their dataset, metric points), and the parents that
 * resolvers of those types receive (the mappers of codegen.ts).
 */
import type { Box as ManifestBox, ImageRecord } from '@protoscope/datasets';
import type {
  MetricPoint,
  NearestPatch,
  NotebookVersion,
  NotebookVersionSummary,
  Prototype,
  Box as StoreBox,
  SweepTrialSummary,
} from '@protoscope/tracking';
import type { DatasetIndex } from '../datasets/manifest-cache';

export interface BoxShape {
  x: number;
  y: number;
  width: number;
  height: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A manifest box (x, y, width, height). */
export function boxFromManifest(box: ManifestBox | undefined): BoxShape | null {
  if (!box) return null;
  return { ...box, x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height };
}

/** A store box (half-open rows y0…y1, columns x0…x1). */
export function boxFromStore(box: StoreBox | null): BoxShape | null {
  if (!box) return null;
  return { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0, ...box };
}

/** The parent object of the Image type. */
export interface ImageNode {
  datasetId: string;
  record: ImageRecord;
  index: DatasetIndex;
}

/** The parent of MetricSeries: a run's key, with the points when they are already known (subscriptions). */
export interface MetricSeriesNode {
  runId: string;
  key: string;
  points?: MetricPoint[];
}

/** A nearest patch with the prototype it belongs to and its rank (0 = nearest), for its image and patch URL. */
export type NearestPatchNode = NearestPatch & { prototype: Prototype; rank: number };

/** A version with its cells, or a summary of one (the `versions` list), whose cells are read on demand. */
export type NotebookVersionNode = NotebookVersion | NotebookVersionSummary;

/** A sweep trial as the schema numbers it (`index`). */
export type SweepTrialNode = SweepTrialSummary & { index: number };
