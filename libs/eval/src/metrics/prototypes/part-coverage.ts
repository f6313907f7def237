/**
 * Which object parts a prototype's activation covers on one image — the building block of
 * EvalProtoPNet's consistency and stability scores (Huang et al.), following its evaluation code:
 *
 * 1. The latent activation map (e.g. 7 × 7) is upsampled bicubically to the image size
 *    (`resizeBicubic`: Keys a = −0.75, half-pixel centres, edge clamping — PyTorch's and OpenCV's
 *    convention).
 * 2. Its argmax (row r, column c; the first maximum in row-major order) is the prototype's position.
 * 3. The region is rows [max(0, r − h), min(H, r + h)] × columns [max(0, c − w), min(W, c + w)],
 *    bounds inclusive. h and w default to 36 · H/224 and 36 · W/224, rounded: at 224 × 224 exactly
 *    the reference's half-size 36 (a 72-pixel window). As in the reference, the far bound is clipped
 *    to H and W rather than H − 1 and W − 1, so a keypoint lying on the far border of the image
 *    still counts.
 * 4. A part is covered when it is visible and its pixel (column ⌊x⌋, row ⌊y⌋ — keypoints are in the
 *    dataset manifest's continuous pixel coordinates of the image) lies in the region.
 */
import * as tf from '@tensorflow/tfjs-core';
import { resizeBicubic } from '@protoscope/engine';
import { MetricInputError } from '../errors';
import { argmaxFirst, type MapSize } from '../localisation/inputs';

/** A part's keypoint in image pixels; the dataset manifest's `Keypoint` fits this shape. */
export interface PartKeypoint {
  x: number;
  y: number;
  visible: boolean;
}

/** One prototype's latent activation map on one image, with that image's parts (same order on every image). */
export interface PartActivation {
  /** Row-major mapSize.height × mapSize.width activations (larger = more similar). */
  map: Float32Array;
  parts: readonly PartKeypoint[];
}

export interface PartRegionOptions {
  /** Latent size of the activation maps (7 × 7 for a 224-px ResNet/VGG ProtoPNet). */
  mapSize: MapSize;
  /** Image size the keypoints refer to; the maps are upsampled to it. */
  imageSize: MapSize;
  /** Half-size of the region in pixels on both axes; default 36 scaled by imageSize/224 per axis. */
  halfSize?: number;
}

/** The reference half-size and the image side it was set for. */
export const EVAL_PROTOPNET_HALF_SIZE = 36;
export const EVAL_PROTOPNET_IMAGE_SIZE = 224;

/** A prototype's region on one image: its argmax and the inclusive bounds around it. */
export interface PrototypeRegion {
  row: number;
  col: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Array check that does not narrow a typed readonly array to `any[]`, as `Array.isArray` does. */
export function isArray(value: unknown): boolean {
  return Array.isArray(value);
}

/** Maps upsampled per forward batch; bounds memory to ~this × H × W floats. */
const UPSAMPLE_BATCH = 32;

function checkSize(metric: string, name: string, size: MapSize): void {
  if (!size || !Number.isInteger(size.height) || !Number.isInteger(size.width) || size.height < 1 || size.width < 1) {
    throw new MetricInputError(
      metric,
      `${name} must be { height, width } with positive integers, got ${JSON.stringify(size)}`,
    );
  }
}

/** Half-sizes (rows, columns) of the region, checked. */
export function regionHalfSizes(metric: string, options: PartRegionOptions): { rows: number; cols: number } {
  checkSize(metric, 'mapSize', options.mapSize);
  checkSize(metric, 'imageSize', options.imageSize);
  if (options.halfSize !== undefined) {
    if (!Number.isInteger(options.halfSize) || options.halfSize < 0) {
      throw new MetricInputError(
        metric,
        `halfSize is ${String(options.halfSize)}; it must be a non-negative integer number of pixels`,
      );
    }
    return { rows: options.halfSize, cols: options.halfSize };
  }
  const scale = (side: number) => Math.round((EVAL_PROTOPNET_HALF_SIZE * side) / EVAL_PROTOPNET_IMAGE_SIZE);
  return { rows: scale(options.imageSize.height), cols: scale(options.imageSize.width) };
}

export function checkActivationMap(metric: string, map: Float32Array, mapSize: MapSize, where: string): void {
  const expected = mapSize.height * mapSize.width;
  if (!(map instanceof Float32Array) || map.length !== expected) {
    throw new MetricInputError(
      metric,
      `${where} must be a Float32Array of mapSize ${mapSize.height} × ${mapSize.width} = ${expected} values`,
    );
  }
  for (let i = 0; i < map.length; i++) {
    if (!Number.isFinite(map[i])) {
      throw new MetricInputError(metric, `${where}[${i}] is ${String(map[i])}; activations must be finite`);
    }
  }
}

/** Checks every image's keypoints and returns the common number of parts. */
export function checkParts(metric: string, partLists: ReadonlyArray<{ parts: readonly PartKeypoint[]; where: string }>): number {
  let partCount = -1;
  for (const { parts, where } of partLists) {
    if (!Array.isArray(parts) || parts.length === 0) {
      throw new MetricInputError(metric, `${where}.parts must be a non-empty array of { x, y, visible }`);
    }
    if (partCount === -1) partCount = parts.length;
    if (parts.length !== partCount) {
      throw new MetricInputError(
        metric,
        `${where}.parts has ${parts.length} parts but the first image has ${partCount}; list every part on every image (invisible ones with visible: false)`,
      );
    }
    parts.forEach((part, k) => {
      if (typeof part.visible !== 'boolean' || (part.visible && !(Number.isFinite(part.x) && Number.isFinite(part.y)))) {
        throw new MetricInputError(
          metric,
          `${where}.parts[${k}] is ${JSON.stringify(part)}; it needs a boolean visible and, when visible, finite x and y`,
        );
      }
    });
  }
  return partCount;
}

/**
 * The regions of many maps (all of `mapSize`): upsampled in batches, argmax, box. Assumes checked
 * input.
 */
export async function regionsOf(maps: readonly Float32Array[], options: PartRegionOptions, half: { rows: number; cols: number }): Promise<PrototypeRegion[]> {
  const { mapSize, imageSize } = options;
  const regions: PrototypeRegion[] = [];
  for (let start = 0; start < maps.length; start += UPSAMPLE_BATCH) {
    const chunk = maps.slice(start, start + UPSAMPLE_BATCH);
    const stacked = new Float32Array(chunk.length * mapSize.height * mapSize.width);
    chunk.forEach((map, i) => stacked.set(map, i * map.length));
    const upsampled = tf.tidy(() =>
      resizeBicubic(tf.tensor4d(stacked, [chunk.length, mapSize.height, mapSize.width, 1]), [imageSize.height, imageSize.width]),
    );
    const values = (await upsampled.data()) as Float32Array;
    upsampled.dispose();
    const pixels = imageSize.height * imageSize.width;
    for (let i = 0; i < chunk.length; i++) {
      const index = argmaxFirst(values.subarray(i * pixels, (i + 1) * pixels));
      const row = Math.floor(index / imageSize.width);
      const col = index % imageSize.width;
      regions.push({
        row,
        col,
        top: Math.max(0, row - half.rows),
        bottom: Math.min(imageSize.height, row + half.rows),
        left: Math.max(0, col - half.cols),
        right: Math.min(imageSize.width, col + half.cols),
      });
    }
  }
  return regions;
}

/** 1 for each visible part whose pixel lies in the region (bounds inclusive), else 0. */
export function partsInRegion(region: PrototypeRegion, parts: readonly PartKeypoint[]): Uint8Array {
  const covered = new Uint8Array(parts.length);
  parts.forEach((part, k) => {
    if (!part.visible) return;
    const col = Math.floor(part.x);
    const row = Math.floor(part.y);
    covered[k] = row >= region.top && row <= region.bottom && col >= region.left && col <= region.right ? 1 : 0;
  });
  return covered;
}

export interface PartCoverage {
  region: PrototypeRegion;
  /** Per part: 1 when covered. */
  covered: Uint8Array;
}

/** The region and covered parts of each activation (one prototype or many, any images). */
export async function prototypePartCoverage(activations: readonly PartActivation[], options: PartRegionOptions): Promise<PartCoverage[]> {
  const metric = 'prototypePartCoverage';
  const half = regionHalfSizes(metric, options);
  if (!Array.isArray(activations)) throw new MetricInputError(metric, 'activations must be an array of { map, parts }');
  activations.forEach((a, i) => checkActivationMap(metric, a.map, options.mapSize, `activations[${i}].map`));
  checkParts(metric, activations.map((a, i) => ({ parts: a.parts, where: `activations[${i}]` })));
  const regions = await regionsOf(activations.map((a) => a.map), options, half);
  return regions.map((region, i) => ({ region, covered: partsInRegion(region, activations[i].parts) }));
}
