import { prototypeSourceDiversity } from './source-diversity';
import { prototypeVectorDiversity } from './vector-diversity';

describe('prototypeSourceDiversity', () => {
  it('counts distinct and shared source images', () => {
    // Sources: a (×3), b (×1), 7 (×2) → 3 distinct of 6, two of them shared.
    expect(prototypeSourceDiversity(['a', 'a', 'b', 7, 'a', 7])).toEqual({
      prototypes: 6,
      distinctSources: 3,
      fraction: 0.5,
      sharedSources: 2,
    });
    expect(() => prototypeSourceDiversity([])).toThrow(/no prototypes/);
    expect(() => prototypeSourceDiversity([1, Number.NaN])).toThrow(/sourceIds\[1\] is NaN/);
  });
});

describe('prototypeVectorDiversity', () => {
  it('gives Euclidean pair distances worked by hand and finds the exact duplicate', () => {
    // (0,0), (3,4), (3,4): distances 5, 5, 0 → mean 10/3, min 0, one duplicate pair (1, 2).
    const result = prototypeVectorDiversity([
      [0, 0],
      [3, 4],
      [3, 4],
    ]);
    expect(result.meanPairwiseDistance).toBeCloseTo(10 / 3, 12);
    expect(result.minPairwiseDistance).toBe(0);
    expect(result.nearDuplicates).toEqual([{ first: 1, second: 2, distance: 0 }]);
    expect(result.prototypesWithDuplicates).toBe(2);
  });

  it('gives cosine distances (1 − cos θ) and a custom threshold', () => {
    // (1,0), (0,2), (1,1): cos = 0, 1/√2, 1/√2 → distances 1, 1 − 1/√2 twice.
    const result = prototypeVectorDiversity(
      [
        [1, 0],
        [0, 2],
        [1, 1],
      ],
      { distance: 'cosine', duplicateThreshold: 0.3 },
    );
    const d = 1 - Math.SQRT1_2;
    expect(result.meanPairwiseDistance).toBeCloseTo((1 + 2 * d) / 3, 12);
    expect(result.nearDuplicates.map((p) => [p.first, p.second])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(result.prototypesWithDuplicates).toBe(3);
  });

  it('rejects fewer than two vectors, ragged vectors and a zero vector under cosine', () => {
    expect(() => prototypeVectorDiversity([[1]])).toThrow(/at least two/);
    expect(() => prototypeVectorDiversity([[1, 2], [1]])).toThrow(/vectors\[1\] has 1 entries/);
    expect(() => prototypeVectorDiversity([[0, 0], [1, 1]], { distance: 'cosine' })).toThrow(/all zero/);
  });
});
