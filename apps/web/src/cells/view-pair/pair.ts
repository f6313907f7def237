/**
 * The layout of a view pair: the two images of one breast (CC first), each with the explainer's map
 * of it (the other view held fixed) and the cross-attention map lying on it — where the model looks in
 * this view, from the stored query point of the other view nearest to the last click there, or from
 * the whole other view when nothing was clicked (or the run stored no query points).
 */
export interface ImagePoint {
  x: number;
  y: number;
}

export interface PairMap {
  imageId: string;
  pairedImageId: string | null;
  view: string | null;
  method: string;
  kind: string;
  query: ImagePoint | null;
}

export interface PairView<M extends PairMap> {
  imageId: string;
  view: string | null;
  /** The explainer's map of this view. */
  explained?: M;
  /** The cross-attention map on this view (read from the other one). */
  attention?: M;
  /** Stored query points of this view (the other view has a cross-attention map from each). */
  queryPoints: ImagePoint[];
  /** The stored query point of this view the other view's attention map was read from, when one was. */
  selectedQuery?: ImagePoint;
}

export interface Click {
  imageId: string;
  x: number;
  y: number;
}

const CROSS_ATTENTION = 'cross-attention';

/** The pair of `imageId` (default: the first image of `choices` with a pair), or undefined when there is none. */
export function pairOf(choices: readonly { imageId: string; pairedImageId: string | null }[], imageId: string): [string, string] | undefined {
  const found = choices.find((c) => c.pairedImageId !== null && (imageId === '' || c.imageId === imageId));
  return found ? [found.imageId, found.pairedImageId!] : undefined;
}

/** The stored point nearest to `to` (squared distance; the first of ties). */
export function nearestPoint(points: readonly ImagePoint[], to: ImagePoint): ImagePoint | undefined {
  let best: ImagePoint | undefined;
  let bestDistance = Infinity;
  for (const point of points) {
    const distance = (point.x - to.x) ** 2 + (point.y - to.y) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [point, distance];
  }
  return best;
}

const sameQuery = (a: ImagePoint | null, b: ImagePoint) => a !== null && a.x === b.x && a.y === b.y;

export function viewPair<M extends PairMap>(
  [first, second]: readonly [string, string],
  maps: readonly M[],
  options: { method: string; query: Click | null },
): [PairView<M>, PairView<M>] {
  const attentionOn = (image: string, from: string) => maps.filter((m) => m.imageId === image && m.pairedImageId === from && m.method === CROSS_ATTENTION);
  const build = (image: string, other: string): PairView<M> => {
    const own = maps.filter((m) => m.imageId === image);
    const queryPoints = uniquePoints(attentionOn(other, image).flatMap((m) => (m.query ? [m.query] : [])));
    return {
      imageId: image,
      view: own.find((m) => m.view !== null)?.view ?? null,
      explained: own.find((m) => m.method === options.method && m.pairedImageId === other && m.query === null),
      queryPoints,
      attention: undefined,
    };
  };
  const views: [PairView<M>, PairView<M>] = [build(first, second), build(second, first)];
  for (const [index, view] of views.entries()) {
    const other = views[1 - index]!;
    const candidates = attentionOn(view.imageId, other.imageId);
    const clicked = options.query?.imageId === other.imageId ? nearestPoint(other.queryPoints, options.query) : undefined;
    if (clicked) other.selectedQuery = clicked;
    view.attention = clicked ? candidates.find((m) => sameQuery(m.query, clicked)) : candidates.find((m) => m.query === null);
  }
  // CC on the left, as radiologists hang them.
  return views[1].view === 'CC' && views[0].view !== 'CC' ? [views[1], views[0]] : views;
}

function uniquePoints(points: readonly ImagePoint[]): ImagePoint[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const key = `${p.x},${p.y}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A click on an image drawn `shown` pixels wide/high, in the pixels of the stored map (`size`). */
export function clickInImage(offset: { x: number; y: number }, shown: { width: number; height: number }, size: { width: number; height: number }): ImagePoint {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max - 1e-6);
  return { x: clamp((offset.x * size.width) / shown.width, size.width), y: clamp((offset.y * size.height) / shown.height, size.height) };
}
