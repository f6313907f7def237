import { gridQueries, lesionQuery } from './attention-queries';

describe('query points of cross-attention maps', () => {
  it('a grid puts one point at the centre of each of n × n equal cells, row by row', () => {
    expect(gridQueries(2, { height: 48, width: 40 })).toEqual([
      { x: 10, y: 12 },
      { x: 30, y: 12 },
      { x: 10, y: 36 },
      { x: 30, y: 36 },
    ]);
    expect(gridQueries(0, { height: 48, width: 48 })).toEqual([]);
    expect(() => gridQueries(-1, { height: 4, width: 4 })).toThrow('a query grid is a whole number of points per side (0 for none), got -1');
  });

  it('a lesion is asked from its centroid pixel, or the nearest lesion pixel when the centroid falls outside', () => {
    const size = { height: 5, width: 5 };
    const square = new Uint8Array(25);
    for (const p of [6, 7, 8, 11, 12, 13, 16, 17, 18]) square[p] = 1; // rows 1–3, columns 1–3
    expect(lesionQuery(square, size)).toEqual({ x: 2.5, y: 2.5 });
    // Pixels (column 0, row 0), (4, 1), (4, 2): centroid (19/6, 1.5) lies in pixel (3, 1), outside the mask;
    // squared distances 1.78 to (4.5, 1.5), 2.78 to (4.5, 2.5), 8.11 to (0.5, 0.5).
    const apart = new Uint8Array(25);
    for (const p of [0, 1 * 5 + 4, 2 * 5 + 4]) apart[p] = 1;
    expect(lesionQuery(apart, size)).toEqual({ x: 4.5, y: 1.5 });
    expect(lesionQuery(new Uint8Array(25), size)).toBeUndefined();
  });
});
