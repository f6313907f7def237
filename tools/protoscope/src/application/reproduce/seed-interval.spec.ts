import { pointInterval, seedInterval } from './seed-interval';

describe('seedInterval', () => {
  it('is mean ± t(0.975, n − 1)·s/√n with the published t quantiles', () => {
    // 1, 2, 3: mean 2, s = 1; t(0.975, 2) = 4.303 (t table) → half-width 4.303 / √3 = 2.484.
    const three = seedInterval([1, 2, 3]);
    expect(three.mean).toBe(2);
    expect(three.lower).toBeCloseTo(2 - 4.3027 / Math.sqrt(3), 3);
    expect(three.upper).toBeCloseTo(2 + 4.3027 / Math.sqrt(3), 3);
    // 0.8, 0.9: mean 0.85, s = 0.0707107; t(0.975, 1) = 12.706 → half-width 12.706 · 0.0707107 / √2 = 0.6353.
    const two = seedInterval([0.8, 0.9]);
    expect(two.mean).toBeCloseTo(0.85, 12);
    expect(two.lower).toBeCloseTo(0.2147, 3);
    expect(two.upper).toBeCloseTo(1.4853, 3);
    // Five seeds: 0.70, 0.72, 0.74, 0.76, 0.78: s = 0.0316228, t(0.975, 4) = 2.776 → 0.0392.
    const five = seedInterval([0.7, 0.72, 0.74, 0.76, 0.78]);
    expect(five.upper! - five.mean).toBeCloseTo(2.7764 * 0.0316228 / Math.sqrt(5), 4);
    expect(five.values).toEqual([0.7, 0.72, 0.74, 0.76, 0.78]);
  });

  it('has no interval with one seed and a zero-width one when every seed agrees', () => {
    expect(seedInterval([0.9])).toEqual({ mean: 0.9, values: [0.9] });
    expect(seedInterval([1, 1])).toMatchObject({ mean: 1, lower: 1, upper: 1 });
    expect(pointInterval(1)).toEqual({ mean: 1, lower: 1, upper: 1, values: [1] });
  });

  it('refuses no values and non-finite ones, naming the problem', () => {
    expect(() => seedInterval([])).toThrow(/no values/);
    expect(() => seedInterval([0.5, Number.NaN])).toThrow(/not a finite number/);
  });
});
