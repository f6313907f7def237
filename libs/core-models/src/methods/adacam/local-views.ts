/** A square window of the feature map, rows [top, top + size) × columns [left, left + size). */
export interface Window {
  top: number;
  left: number;
  size: number;
}

/**
 * The K locations of one attention map (row-major h × w values): greedily the highest cell not within
 * `suppression` cells (Chebyshev distance) of one already taken; when suppression leaves too few, the
 * rest are the highest cells not yet taken. Ties go to the first cell in row-major order.
 */
export function topLocations(attention: ArrayLike<number>, h: number, w: number, k: number, suppression: number): number[] {
  const order = Array.from({ length: h * w }, (_, i) => i).sort((a, b) => attention[b]! - attention[a]! || a - b);
  const chosen: number[] = [];
  for (const cell of order) {
    if (chosen.length === k) break;
    const far = chosen.every((c) => Math.max(Math.abs(Math.floor(c / w) - Math.floor(cell / w)), Math.abs((c % w) - (cell % w))) > suppression);
    if (far) chosen.push(cell);
  }
  for (const cell of order) {
    if (chosen.length === Math.min(k, h * w)) break;
    if (!chosen.includes(cell)) chosen.push(cell);
  }
  return chosen;
}

/**
 * K distinct cells drawn without replacement with probability ∝ exp(attention / temperature)
 * (`random` in [0, 1) supplies the draws).
 */
export function proportionalLocations(attention: ArrayLike<number>, k: number, temperature: number, random: () => number): number[] {
  const n = attention.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, attention[i]!);
  const weights = Array.from({ length: n }, (_, i) => Math.exp((attention[i]! - max) / temperature));
  const chosen: number[] = [];
  while (chosen.length < Math.min(k, n)) {
    const total = weights.reduce((s, v, i) => (chosen.includes(i) ? s : s + v), 0);
    let r = random() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (chosen.includes(i)) continue;
      pick = i;
      r -= weights[i]!;
      if (r < 0) break;
    }
    chosen.push(pick);
  }
  return chosen;
}

/** The window of `size` cells centred on cell (row, col), shifted to lie inside an h × w map (clipped if larger). */
export function windowAround(cell: number, w: number, h: number, size: number): Window {
  const s = Math.min(size, h, w);
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(v, hi));
  const row = Math.floor(cell / w);
  const col = cell % w;
  return { top: clamp(row - Math.floor((s - 1) / 2), h - s), left: clamp(col - Math.floor((s - 1) / 2), w - s), size: s };
}
