/**
 * Seeded pseudo-random numbers for the engine's tests, so every randomly shaped case is reproducible.
 * Values are rounded to float32 (`Math.fround`), so a float64 reference and a float32 tensor see
 * exactly the same inputs.
 */
export type Rng = () => number;

/** A small 32-bit generator (SplitMix32-style mixing); uniform in [0, 1). */
export function seededRng(seed: number): Rng {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` float32-representable values uniform in [lo, hi). */
export function uniform(rng: Rng, count: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: count }, () => Math.fround(lo + (hi - lo) * rng()));
}

/** `count` integers uniform in [lo, hi]. */
export function integers(rng: Rng, count: number, lo: number, hi: number): number[] {
  return Array.from({ length: count }, () => lo + Math.floor(rng() * (hi - lo + 1)));
}

/**
 * `count` distinct values, at least `gap` apart, in random order: inputs for max/min-like functions,
 * so a finite-difference step can never change which element wins.
 */
export function distinct(rng: Rng, count: number, gap = 0.05): number[] {
  const values = Array.from({ length: count }, (_, i) => Math.fround((i - count / 2) * gap));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

/** Values bounded away from 0 (|v| in [margin, margin + 1)), for functions with a kink at 0 such as relu. */
export function awayFromZero(rng: Rng, count: number, margin = 0.2): number[] {
  return Array.from({ length: count }, () => {
    const magnitude = margin + rng();
    return Math.fround(rng() < 0.5 ? -magnitude : magnitude);
  });
}
