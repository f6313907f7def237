import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** A figure over seeds: its mean and the two-sided 95 % Student-t interval (n − 1 degrees of freedom). */
export interface SeedInterval {
  mean: number;
  /** Undefined with fewer than two seeds (no spread to estimate). */
  lower?: number;
  upper?: number;
  /** The per-seed values, in seed order. */
  values: number[];
}

/**
 * mean ± t(0.975, n − 1) · s / √n, s the sample standard deviation (n − 1 in its denominator): the
 * interval a reader would compute from the per-seed values. Seeds are few, so the t quantile (12.71
 * for two seeds) rather than 1.96.
 */
export function seedInterval(values: readonly number[]): SeedInterval {
  if (values.length === 0) throw new RangeError('seedInterval: no values (every seed failed to give this figure)');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError(`seedInterval: a value is not a finite number (${values.join(', ')})`);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, values: [...values] };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { mean, lower: mean - half, upper: mean + half, values: [...values] };
}

/** A fixed target (e.g. 100 % distinct images) as a zero-width interval. */
export function pointInterval(value: number): SeedInterval {
  return { mean: value, lower: value, upper: value, values: [value] };
}
