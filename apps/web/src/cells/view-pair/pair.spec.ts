import { clickInImage, nearestPoint, pairOf, viewPair, type PairMap } from './pair';

const map = (imageId: string, method: string, pairedImageId: string | null, extra: Partial<PairMap> = {}): PairMap & { id: string } => ({
  id: `${method}@${imageId}${extra.query ? `(${extra.query.x},${extra.query.y})` : ''}`,
  imageId,
  pairedImageId,
  view: imageId.endsWith('cc') ? 'CC' : 'MLO',
  method,
  kind: method === 'cross-attention' ? 'attention' : 'saliency',
  query: null,
  ...extra,
});

// One breast: p1-mlo and p1-cc. Grad-CAM of each; cross-attention on each from the whole other view, from two grid points and from the lesion.
const maps = [
  map('p1-mlo', 'gradcam', 'p1-cc'),
  map('p1-cc', 'gradcam', 'p1-mlo'),
  map('p1-cc', 'layercam', 'p1-mlo'),
  map('p1-mlo', 'cross-attention', 'p1-cc'),
  map('p1-mlo', 'cross-attention', 'p1-cc', { query: { x: 8, y: 8 } }),
  map('p1-mlo', 'cross-attention', 'p1-cc', { query: { x: 24, y: 8 } }),
  map('p1-cc', 'cross-attention', 'p1-mlo'),
  map('p1-cc', 'cross-attention', 'p1-mlo', { query: { x: 8, y: 24 } }),
  map('p1-cc', 'cross-attention', 'p1-mlo', { query: { x: 8, y: 24 } }),
];

describe('view pair', () => {
  it('puts CC left, each view with its explainer map and the attention from the whole other view when nothing is clicked', () => {
    const [left, right] = viewPair(['p1-mlo', 'p1-cc'], maps, { method: 'gradcam', query: null });
    expect([left.imageId, left.view, left.explained?.id, left.attention?.id]).toEqual(['p1-cc', 'CC', 'gradcam@p1-cc', 'cross-attention@p1-cc']);
    expect([right.imageId, right.view, right.explained?.id, right.attention?.id]).toEqual(['p1-mlo', 'MLO', 'gradcam@p1-mlo', 'cross-attention@p1-mlo']);
    // Query points of a view: where the maps on the other view were read from (duplicates once).
    expect(left.queryPoints).toEqual([
      { x: 8, y: 8 },
      { x: 24, y: 8 },
    ]);
    expect(right.queryPoints).toEqual([{ x: 8, y: 24 }]);
    expect(left.selectedQuery).toBeUndefined();
  });

  it('a click on one view picks the nearest stored query point there and shows the map read from it on the other', () => {
    // (20, 10) on CC: squared distance 148 to (8, 8), 20 to (24, 8).
    const [left, right] = viewPair(['p1-cc', 'p1-mlo'], maps, { method: 'layercam', query: { imageId: 'p1-cc', x: 20, y: 10 } });
    expect(left.selectedQuery).toEqual({ x: 24, y: 8 });
    expect(right.attention?.id).toBe('cross-attention@p1-mlo(24,8)');
    // The clicked view keeps the attention from the whole other view; layercam has no MLO map.
    expect(left.attention?.id).toBe('cross-attention@p1-cc');
    expect([left.explained?.id, right.explained]).toEqual(['layercam@p1-cc', undefined]);
  });

  it('without stored query points a click changes nothing', () => {
    const bare = maps.filter((m) => m.query === null);
    const [left, right] = viewPair(['p1-cc', 'p1-mlo'], bare, { method: 'gradcam', query: { imageId: 'p1-cc', x: 20, y: 10 } });
    expect([left.selectedQuery, right.attention?.id]).toEqual([undefined, 'cross-attention@p1-mlo']);
  });

  it('finds the pair of an image, or the first pair', () => {
    const choices = [
      { imageId: 'a', pairedImageId: null },
      { imageId: 'b', pairedImageId: 'c' },
      { imageId: 'c', pairedImageId: 'b' },
    ];
    expect(pairOf(choices, '')).toEqual(['b', 'c']);
    expect(pairOf(choices, 'c')).toEqual(['c', 'b']);
    expect(pairOf(choices, 'a')).toBeUndefined();
  });

  it('nearest point and click coordinates', () => {
    expect(nearestPoint([{ x: 0, y: 0 }, { x: 3, y: 4 }], { x: 2, y: 3 })).toEqual({ x: 3, y: 4 });
    expect(nearestPoint([], { x: 1, y: 1 })).toBeUndefined();
    // A 48-pixel map drawn 192 px wide: a click at 100 px is map pixel 25; the right edge stays inside.
    expect(clickInImage({ x: 100, y: 40 }, { width: 192, height: 192 }, { width: 48, height: 48 })).toEqual({ x: 25, y: 10 });
    expect(clickInImage({ x: 192, y: -3 }, { width: 192, height: 192 }, { width: 48, height: 48 }).x).toBeLessThan(48);
    expect(clickInImage({ x: 192, y: -3 }, { width: 192, height: 192 }, { width: 48, height: 48 }).y).toBe(0);
  });
});
