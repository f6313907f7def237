import { thinPoints } from './metric-series';

describe('thinPoints (points a subscription carries, thinned like the store)', () => {
  const at = (steps: readonly number[]) => steps.map((step, i) => ({ step, i }));

  it('keeps the first step and the highest step of each of maxPoints − 1 step buckets', () => {
    const ten = at([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // B = 3 over span 10: 0-3, 4-6, 7-9 (floor(step · 3 / 10)).
    expect(thinPoints(ten, 4).map((p) => p.step)).toEqual([0, 3, 6, 9]);
    // B = 2: 0-4, 5-9.
    expect(thinPoints(ten, 3).map((p) => p.step)).toEqual([0, 4, 9]);
    expect(thinPoints(ten, 1).map((p) => p.step)).toEqual([9]);
    expect(thinPoints(ten, 20)).toEqual(ten);
    expect(thinPoints(ten, undefined)).toEqual(ten);
  });

  it('keeps the point logged last at a step, and refuses a budget below 1', () => {
    // Steps 0, 1, 2, 2, 3, 3 (a resume at 2): B = 2 over span 4: 0-1, 2-3.
    const resumed = at([0, 1, 2, 2, 3, 3]);
    expect(thinPoints(resumed, 3)).toEqual([
      { step: 0, i: 0 },
      { step: 1, i: 1 },
      { step: 3, i: 5 },
    ]);
    expect(() => thinPoints(resumed, 0)).toThrow('maxPoints must be a positive integer, got 0');
  });
});
