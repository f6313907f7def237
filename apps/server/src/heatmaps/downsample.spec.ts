import { downsampleHeatmap } from './downsample';

describe('downsampleHeatmap', () => {
  it('averages k×k blocks, edge blocks over the pixels they hold', () => {
    // 3×5 map, values = index; maxSize 2 → k = ceil(5 / 2) = 3 → 1×2 output.
    const map = Array.from({ length: 15 }, (_, i) => i);
    const out = downsampleHeatmap(map, 3, 5, 2);
    // Block 0: rows 0-2, columns 0-2 → {0,1,2,5,6,7,10,11,12}; block 1: columns 3-4 → {3,4,8,9,13,14}.
    expect(out).toEqual({ width: 2, height: 1, values: [54 / 9, 51 / 6], min: 0, max: 14, sourceWidth: 5, sourceHeight: 3 });
  });

  it('keeps small maps as they are and refuses a bad maxSize', () => {
    expect(downsampleHeatmap([1, 2, 3, 4], 2, 2, 64).values).toEqual([1, 2, 3, 4]);
    expect(() => downsampleHeatmap([1], 1, 1, 0)).toThrow(/maxSize/);
  });
});
