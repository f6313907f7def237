/** Keys' cubic kernel (a = −0.75), written out for tests to derive bicubically upsampled values by hand. */
export function keys(x: number): number {
  const a = -0.75;
  const t = Math.abs(x);
  if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
  if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
  return 0;
}
