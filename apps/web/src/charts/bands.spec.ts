import { canonicalJson, groupBySeed, meanStdBand, seedGroupKey } from './bands';

describe('meanStdBand', () => {
  it('gives the mean and the sample standard deviation per step', () => {
    // step 0: 1, 2, 3 → mean 2, s² = (1 + 0 + 1) / 2 = 1
    // step 1: 2, 4, 9 → mean 5, s² = (9 + 1 + 16) / 2 = 13
    const band = meanStdBand([
      [
        { step: 0, value: 1 },
        { step: 1, value: 2 },
      ],
      [
        { step: 0, value: 2 },
        { step: 1, value: 4 },
      ],
      [
        { step: 0, value: 3 },
        { step: 1, value: 9 },
      ],
    ]);
    expect(band).toHaveLength(2);
    expect(band[0]).toEqual({ step: 0, mean: 2, std: 1, lower: 1, upper: 3, count: 3 });
    expect(band[1]!.mean).toBe(5);
    expect(band[1]!.std).toBeCloseTo(Math.sqrt(13), 12);
    expect(band[1]!.lower).toBeCloseTo(5 - Math.sqrt(13), 12);
    expect(band[1]!.upper).toBeCloseTo(5 + Math.sqrt(13), 12);
  });

  it('uses the runs that logged a step, sorts steps, and gives one run zero spread', () => {
    // step 10 only in the second run; step 5: 0.5 and 1.5 → mean 1, s = √((0.25 + 0.25) / 1) = √0.5
    const band = meanStdBand([[{ step: 5, value: 0.5 }], [{ step: 10, value: 7 }, { step: 5, value: 1.5 }]]);
    expect(band.map((p) => p.step)).toEqual([5, 10]);
    expect(band[0]!.mean).toBe(1);
    expect(band[0]!.std).toBeCloseTo(Math.SQRT1_2, 12);
    expect(band[1]).toEqual({ step: 10, mean: 7, std: 0, lower: 7, upper: 7, count: 1 });
  });

  it('counts a repeated step once with its last value and skips non-finite values', () => {
    const band = meanStdBand([
      [
        { step: 1, value: 100 },
        { step: 1, value: 4 },
      ],
      [
        { step: 1, value: 6 },
        { step: 2, value: Number.NaN },
      ],
    ]);
    // step 1: 4 and 6 → mean 5, s = √2; step 2 has no finite value at all
    expect(band).toHaveLength(1);
    expect(band[0]!.mean).toBe(5);
    expect(band[0]!.std).toBeCloseTo(Math.SQRT2, 12);
  });

  it('is empty for no runs', () => {
    expect(meanStdBand([])).toEqual([]);
  });
});

describe('seed groups', () => {
  it('puts runs that differ only by seed together, whatever the key order', () => {
    expect(seedGroupKey({ lr: 0.01, seed: 1, method: { name: 'p', depth: 2 } })).toBe(
      seedGroupKey({ method: { depth: 2, name: 'p' }, seed: 7, lr: 0.01 }),
    );
    expect(seedGroupKey({ lr: 0.01, seed: 1 })).not.toBe(seedGroupKey({ lr: 0.02, seed: 1 }));
    const runs = [
      { id: 'a', params: { lr: 1, seed: 0 } },
      { id: 'b', params: { lr: 2, seed: 0 } },
      { id: 'c', params: { seed: 5, lr: 1 } },
    ];
    expect(groupBySeed(runs, (run) => run.params).map((group) => group.map((run) => run.id))).toEqual([['a', 'c'], ['b']]);
  });

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });
});
