/**
 * Conversions from the store's and the manifest's records to the shapes of the schema where they
 * differ (boxes in two conventions, images with their dataset, metric points).
 */
import type { Box as ManifestBox, ImageRecord } from '@protoscope/datasets';
import type { Box as StoreBox } from '@protoscope/tracking';
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
