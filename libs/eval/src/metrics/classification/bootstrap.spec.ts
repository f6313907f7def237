import { UndefinedMetricError } from '../errors';
import { rocAuc } from './auc';
import { bootstrapCi, bootstrapRocAuc, mulberry32 } from './bootstrap';
import { parkMiller } from './spec-helpers';

/** Scores with overlapping class distributions (AUC ≈ 0.76) and ties from rounding to 0.05. */
function noisyCases(seed: number, n: number): { scores: number[]; labels: number[] } {
  const random = parkMiller(seed);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3 === 0 ? 1 : 0;
    const score = random() + random() + (label === 1 ? 0.6 : 0);
    scores.push(Math.round(score * 20) / 20);
    labels.push(label);
  }
  return { scores, labels };
}

describe('mulberry32', () => {
  it('repeats for a seed and fills [0, 1) evenly', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 20000 }, () => a());
    expect(Array.from({ length: 20000 }, () => b())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    // Uniform mean 1/2 with standard error √(1/12 / 20000) ≈ 0.002.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('bootstrapCi', () => {
  it('brackets the point estimate and repeats exactly for a seed', () => {
    const { scores, labels } = noisyCases(1, 150);
    const first = bootstrapCi(rocAuc, scores, labels, { seed: 7 });
    expect(first.estimate).toBe(rocAuc(scores, labels));
    expect(first.lower).toBeLessThanOrEqual(first.estimate);
    expect(first.upper).toBeGreaterThanOrEqual(first.estimate);
    expect(first.lower).toBeLessThan(first.upper);
    expect(first.resamples).toBe(1000);
    expect(first.definedResamples).toBe(1000);
    expect(bootstrapCi(rocAuc, scores, labels, { seed: 7 })).toEqual(first);
    const other = bootstrapCi(rocAuc, scores, labels, { seed: 8 });
    expect([other.lower, other.upper]).not.toEqual([first.lower, first.upper]);
  });

  it('narrows as the data grow (about 1/√n)', () => {
    const small = noisyCases(2, 60);
    const large = noisyCases(2, 1500);
    const smallCi = bootstrapCi(rocAuc, small.scores, small.labels, { seed: 1, resamples: 400 });
    const largeCi = bootstrapCi(rocAuc, large.scores, large.labels, { seed: 1, resamples: 400 });
    // 25× the cases → about 5× narrower; ask for at least 2.5×.
    expect(largeCi.upper - largeCi.lower).toBeLessThan((smallCi.upper - smallCi.lower) / 2.5);
    expect(largeCi.lower).toBeLessThanOrEqual(largeCi.estimate);
    expect(largeCi.upper).toBeGreaterThanOrEqual(largeCi.estimate);
  });

  it('agrees with the normal-theory interval of a mean', () => {
    // For the mean of n uniform(0,1) values the 95 % half-width is ≈ 1.96 · √(1/12) / √n.
    const random = parkMiller(3);
    const n = 400;
    const values = Array.from({ length: n }, () => random());
    const zeros = values.map(() => 0);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ci = bootstrapCi(mean, values, zeros, { seed: 5, resamples: 2000 });
    const halfWidth = (ci.upper - ci.lower) / 2;
    expect(halfWidth).toBeGreaterThan(0.85 * 1.96 * Math.sqrt(1 / 12 / n));
    expect(halfWidth).toBeLessThan(1.15 * 1.96 * Math.sqrt(1 / 12 / n));
  });

  it('keeps each class count fixed when stratified, and not otherwise', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i < 10 ? 1 : 0));
    const scores = labels.map((_, i) => i / 40);
    const positiveFraction = (_: number[], ys: number[]): number => ys.filter((y) => y === 1).length / ys.length;
    const stratified = bootstrapCi(positiveFraction, scores, labels, { seed: 2, resamples: 200 });
    expect([stratified.lower, stratified.upper]).toEqual([0.25, 0.25]);
    const pooled = bootstrapCi(positiveFraction, scores, labels, { seed: 2, resamples: 200, stratify: false });
    expect(pooled.upper - pooled.lower).toBeGreaterThan(0.1);
  });

  it('leaves out resamples where the metric is undefined, and propagates other errors', () => {
    const scores = Array.from({ length: 30 }, (_, i) => i);
    const labels = scores.map(() => 0);
    // Undefined whenever the resample misses case 0 (probability (29/30)^30 ≈ 0.36).
    const needsFirst = (xs: number[]): number => {
      if (!xs.includes(0)) throw new UndefinedMetricError('needsFirst', 'absent-classes', 'case 0 missing');
      return xs.length;
    };
    const ci = bootstrapCi(needsFirst, scores, labels, { seed: 4, resamples: 500 });
    expect(ci.definedResamples).toBeGreaterThan(250);
    expect(ci.definedResamples).toBeLessThan(400);
    // Defined on the original data (cases in their original order) and on no resample.
    const onlyOriginal = (xs: number[]): number => {
      if (xs.every((x, i) => x === i)) return 1;
      throw new UndefinedMetricError('onlyOriginal', 'absent-classes', 'never defined on a resample');
    };
    expect(() => bootstrapCi(onlyOriginal, scores, labels, { resamples: 5 })).toThrow(/undefined on all 5 resamples/);
    expect(() => bootstrapCi(() => { throw new TypeError('bug'); }, scores, labels)).toThrow(TypeError);
  });

  it('checks its options', () => {
    expect(() => bootstrapRocAuc([0.1, 0.9], [0, 1], { confidence: 2 })).toThrow(/confidence is 2/);
    expect(() => bootstrapCi(rocAuc, [0.1, 0.9], [0, 1], { resamples: 0 })).toThrow(/resamples is 0/);
    expect(() => bootstrapCi(rocAuc, [0.1, 0.9], [0, 1], { seed: -1 })).toThrow(/seed is -1/);
    expect(() => bootstrapCi(rocAuc, [0.1, 0.9], [0, 1, 1])).toThrow(/need the same/);
  });
});

describe('bootstrapRocAuc', () => {
  it('gives exactly the numbers of the generic bootstrap of rocAuc (binary, tied scores)', () => {
    const { scores, labels } = noisyCases(5, 120);
    expect(bootstrapRocAuc(scores, labels, { seed: 3, resamples: 300 })).toEqual(
      bootstrapCi(rocAuc, scores, labels, { seed: 3, resamples: 300 }),
    );
  });

  it('matches it unstratified too, where some resamples lose every positive and are left out', () => {
    // 3 positives in 12 cases: a pooled resample misses all three with probability (9/12)^12 ≈ 3 %.
    const scores = [0.9, 0.4, 0.7, 0.2, 0.4, 0.1, 0.6, 0.3, 0.5, 0.4, 0.8, 0.2];
    const labels = [1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0];
    const fast = bootstrapRocAuc(scores, labels, { seed: 9, resamples: 400, stratify: false });
    expect(fast).toEqual(bootstrapCi(rocAuc, scores, labels, { seed: 9, resamples: 400, stratify: false }));
    expect(fast.definedResamples).toBeLessThan(400);
    expect(fast.definedResamples).toBeGreaterThan(360);
  });

  it('matches it for the macro one-vs-rest AUC of a probability matrix', () => {
    const random = parkMiller(12);
    const labels = Array.from({ length: 90 }, (_, i) => i % 3);
    const rows = labels.map((y) => [0, 1, 2].map((k) => Math.round((random() + (k === y ? 0.5 : 0)) * 4) / 4));
    expect(bootstrapRocAuc(rows, labels, { seed: 1, resamples: 200 })).toEqual(
      bootstrapCi(rocAuc, rows, labels, { seed: 1, resamples: 200 }),
    );
  });
});
