/**
 * Query points of cross-attention maps: the points of a pair's main view from which `explain` stores
 * where the model looks in the other view. A grid covers the view evenly (so a click anywhere in the
 * notebook has a stored point near it), and the main view's lesion asks the question that matters —
 * does the model, from the lesion in one view, look at the lesion in the other?
 */
import type { ImagePoint } from '@protoscope/tracking';

/** The centres of an n × n partition of a height × width image, row by row (none for n = 0). */
export function gridQueries(n: number, { height, width }: { height: number; width: number }): ImagePoint[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a query grid is a whole number of points per side (0 for none), got ${n}`);
  const points: ImagePoint[] = [];
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) points.push({ x: ((column + 0.5) * width) / n, y: ((row + 0.5) * height) / n });
  }
  return points;
}

/**
 * The lesion's point of a mask (1 inside, row-major): the pixel centre of its centroid when that pixel
 * is inside the mask, else the mask pixel nearest to the centroid (two lesions, or a crescent, can
 * put the centroid outside); undefined for an empty mask.
 */
export function lesionQuery(mask: Uint8Array, { height, width }: { height: number; width: number }): ImagePoint | undefined {
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    count++;
    sumX += (p % width) + 0.5;
    sumY += Math.floor(p / width) + 0.5;
  }
  if (count === 0) return undefined;
  const centroid = { x: sumX / count, y: sumY / count };
  let best: ImagePoint | undefined;
  let bestDistance = Infinity;
  for (let p = 0; p < height * width; p++) {
    if (!mask[p]) continue;
    const point = { x: (p % width) + 0.5, y: Math.floor(p / width) + 0.5 };
    const distance = (point.x - centroid.x) ** 2 + (point.y - centroid.y) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [point, distance];
  }
  return best;
}
