/**
 * YCbCr (YBR_FULL, full range) → RGB per PS3.3 C.7.6.3.1.2, for samples of `bits` bits, in place
 * into a float array (interleaved triples).
 */
export function ybrFullToRgb(values: Float32Array, bits: number): void {
  const centre = 2 ** (bits - 1);
  const max = 2 ** bits - 1;
  const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : v);
  for (let i = 0; i + 2 < values.length; i += 3) {
    const y = values[i]!;
    const cb = values[i + 1]! - centre;
    const cr = values[i + 2]! - centre;
    values[i] = clamp(y + 1.402 * cr);
    values[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    values[i + 2] = clamp(y + 1.772 * cb);
  }
}
