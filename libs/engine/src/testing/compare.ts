/**
 * Comparisons of numeric arrays with a tolerance relative to their magnitude, suited to float32
 * results: element i may differ from the expected value by `atol + rtol · max|expected|`.
 */
export interface CloseOptions {
  /** Relative tolerance, as a fraction of the largest expected magnitude. */
  rtol?: number;
  /** Absolute slack added to every element's tolerance. */
  atol?: number;
  /** Names the comparison in the failure message. */
  label?: string;
  /** Accept an all-zero expectation (otherwise such a comparison is rejected as vacuous). */
  allowZero?: boolean;
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** Throws, naming the worst element, unless `actual` matches `expected` within tolerance. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, options: CloseOptions = {}): void {
  const { rtol = 1e-4, atol = 0, label = 'values', allowZero = false } = options;
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} elements, expected ${expected.length}`);
  }
  const scale = maxAbs(expected);
  if (!Number.isFinite(scale)) throw new Error(`${label}: the expected values are not all finite`);
  if (scale === 0 && !allowZero) throw new Error(`${label}: the expected values are all zero, the comparison would prove nothing`);
  const tolerance = atol + rtol * scale;
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const error = Number.isNaN(a) ? Infinity : Math.abs(a - expected[i]!);
    if (error > tolerance && error > worstError) {
      worst = i;
      worstError = error;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} ` +
        `(|difference| ${worstError.toExponential(3)} > tolerance ${tolerance.toExponential(3)}; ` +
        `max |expected| ${scale.toExponential(3)}; ${actual.length} elements)`,
    );
  }
}

/** Throws unless the two shapes are equal. */
export function assertShape(actual: readonly number[], expected: readonly number[], label = 'shape'): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${label}: [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}
