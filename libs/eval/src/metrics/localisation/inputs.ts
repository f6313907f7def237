/**
 * Shapes shared by the localisation metrics and the checks that name the metric and the bad value.
 *
 * - A saliency map is a row-major `Float32Array` of `height × width` finite numbers (larger = more
 *   salient); the image size is passed as `{ height, width }`.
 * - Ground truth is either a mask (`Uint8Array` of the same size, any non-zero pixel is inside, as the
 *   dataset manifest reads masks) or a list of boxes in the manifest's `Box` shape (`{ x, y, width,
 *   height }`, pixel coordinates of the image, x right, y down). Several boxes mean their union.
 *
 * Boxes are rasterised by pixel centres, matching the manifest convention that pixel (col, row)
 * covers [col, col+1) × [row, row+1): the pixel is inside when x ≤ col + ½ < x + width and
 * y ≤ row + ½ < y + height. An integer box { x: 2, width: 3 } therefore covers columns 2, 3, 4 —
 * `x` inclusive, `x + width` exclusive — and a box is clipped to the image.
 */
import type { Box } from '@protoscope/datasets';
import { MetricInputError } from '../errors';

export type { Box };

/** Height and width of the saliency map, the mask and the image they belong to. */
export interface MapSize {
  height: number;
  width: number;
}

/** A binary mask (non-zero = inside) or boxes whose union is the region. */
export type GroundTruthRegion = Uint8Array | readonly Box[];

/** One saliency map with the ground truth of the class it explains. */
export interface LocalisationCase {
  saliency: Float32Array;
  groundTruth: GroundTruthRegion;
  /** Class the map explains; results are reported per class. */
  classIndex: number;
}

export function checkMapSize(metric: string, size: MapSize): void {
  for (const key of ['height', 'width'] as const) {
    const value = size[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new MetricInputError(metric, `${key} is ${String(value)}; it must be a positive integer`);
    }
  }
}

/** Checks a saliency map's length and that every value is finite. */
export function checkSaliency(metric: string, saliency: Float32Array, size: MapSize, what = 'saliency'): void {
  if (!(saliency instanceof Float32Array)) {
    throw new MetricInputError(metric, `${what} must be a Float32Array (row-major height × width)`);
  }
  const expected = size.height * size.width;
  if (saliency.length !== expected) {
    throw new MetricInputError(
      metric,
      `${what} has ${saliency.length} values but height × width is ${size.height} × ${size.width} = ${expected}`,
    );
  }
  for (let i = 0; i < saliency.length; i++) {
    if (!Number.isFinite(saliency[i])) {
      throw new MetricInputError(
        metric,
        `${what}[${i}] (row ${Math.floor(i / size.width)}, column ${i % size.width}) is ${String(saliency[i])}; ` +
          `saliency values must be finite`,
      );
    }
  }
}

function checkBox(metric: string, box: Box, index: number): void {
  const { x, y, width, height } = box;
  if (![x, y, width, height].every(Number.isFinite) || width < 0 || height < 0) {
    throw new MetricInputError(
      metric,
      `groundTruth box ${index} is ${JSON.stringify(box)}; x, y must be finite and width, height finite and ≥ 0`,
    );
  }
}

/** First pixel index whose centre is ≥ `start`, and first whose centre is ≥ `end`, clipped to [0, size]. */
function centreSpan(start: number, end: number, size: number): [number, number] {
  const first = Math.min(size, Math.max(0, Math.ceil(start - 0.5)));
  const last = Math.min(size, Math.max(0, Math.ceil(end - 0.5)));
  return [first, last];
}

/** Fills the pixels whose centres lie inside the box (see the file comment). */
export function rasteriseBoxes(boxes: readonly Box[], size: MapSize): Uint8Array {
  const mask = new Uint8Array(size.height * size.width);
  for (const box of boxes) {
    const [left, right] = centreSpan(box.x, box.x + box.width, size.width);
    const [top, bottom] = centreSpan(box.y, box.y + box.height, size.height);
    for (let row = top; row < bottom; row++) mask.fill(1, row * size.width + left, row * size.width + right);
  }
  return mask;
}

/**
 * The ground truth as a 0/1 mask of the map's size. An empty region is refused: a localisation
 * score needs something to localise, and an image without ground truth for the class is not a case.
 */
export function groundTruthMask(metric: string, groundTruth: GroundTruthRegion, size: MapSize): Uint8Array {
  let mask: Uint8Array;
  if (groundTruth instanceof Uint8Array) {
    const expected = size.height * size.width;
    if (groundTruth.length !== expected) {
      throw new MetricInputError(
        metric,
        `groundTruth mask has ${groundTruth.length} pixels but height × width is ${size.height} × ${size.width} = ${expected}`,
      );
    }
    mask = new Uint8Array(expected);
    for (let i = 0; i < expected; i++) mask[i] = groundTruth[i] !== 0 ? 1 : 0;
  } else if (Array.isArray(groundTruth)) {
    groundTruth.forEach((box, index) => checkBox(metric, box, index));
    mask = rasteriseBoxes(groundTruth, size);
  } else {
    throw new MetricInputError(
      metric,
      'groundTruth must be a Uint8Array mask or an array of { x, y, width, height } boxes',
    );
  }
  if (!mask.includes(1)) {
    throw new MetricInputError(
      metric,
      'groundTruth is empty (no mask pixel set, or every box has no pixel centre inside the image); ' +
        'leave images without ground truth for this class out of the localisation cases',
    );
  }
  return mask;
}

export function checkClassIndex(metric: string, classIndex: number, caseIndex: number): void {
  if (!Number.isInteger(classIndex) || classIndex < 0) {
    throw new MetricInputError(
      metric,
      `cases[${caseIndex}].classIndex is ${String(classIndex)}; it must be a non-negative integer`,
    );
  }
}

export function checkCases(metric: string, cases: readonly LocalisationCase[]): void {
  if (!Array.isArray(cases) || cases.length === 0) {
    throw new MetricInputError(metric, 'no cases: pass at least one { saliency, groundTruth, classIndex }');
  }
  cases.forEach((c, i) => checkClassIndex(metric, c.classIndex, i));
}

/** Index of the largest value; the first one (row-major) when several tie. */
export function argmaxFirst(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Case indices grouped by class, classes ascending. */
export function groupByClass(cases: readonly LocalisationCase[]): Array<{ classIndex: number; caseIndices: number[] }> {
  const groups = new Map<number, number[]>();
  cases.forEach((c, i) => {
    const group = groups.get(c.classIndex);
    if (group) group.push(i);
    else groups.set(c.classIndex, [i]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((classIndex) => ({ classIndex, caseIndices: groups.get(classIndex)! }));
}

export function checkThreshold(metric: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MetricInputError(metric, `${name} is ${String(value)}; it must be a finite number`);
  }
}
