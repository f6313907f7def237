import type { SeededRandom } from '../../random/seeded-random';

/**
 * Smooth value noise in [0, 1]: random values on a grid of `cell`-pixel squares, interpolated with
 * smoothstep. Cheap (one pass) and good enough for tissue, fundus and background textures.
 */
export function valueNoise(rng: SeededRandom, width: number, height: number, cell: number): Float32Array {
  const c = Math.max(1, cell);
  const gw = Math.ceil(width / c) + 2;
  const gh = Math.ceil(height / c) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.next();
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = y / c;
    const y0 = Math.floor(fy);
    let ty = fy - y0;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < width; x++) {
      const fx = x / c;
      const x0 = Math.floor(fx);
      let tx = fx - x0;
      tx = tx * tx * (3 - 2 * tx);
      const a = grid[y0 * gw + x0]!;
      const b = grid[y0 * gw + x0 + 1]!;
      const d = grid[(y0 + 1) * gw + x0]!;
      const e = grid[(y0 + 1) * gw + x0 + 1]!;
      out[y * width + x] = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
    }
  }
  return out;
}

/** Sum of octaves of value noise (cell halves, weight halves), normalised to [0, 1]. */
export function fractalNoise(rng: SeededRandom, width: number, height: number, baseCell: number, octaves = 3): Float32Array {
  const out = new Float32Array(width * height);
  let weight = 1;
  let total = 0;
  let cell = baseCell;
  for (let o = 0; o < octaves; o++) {
    const layer = valueNoise(rng, width, height, cell);
    for (let i = 0; i < out.length; i++) out[i]! += layer[i]! * weight;
    total += weight;
    weight /= 2;
    cell = Math.max(1, cell / 2);
  }
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/** White Gaussian noise, optionally box-blurred `blur` times (a redder spectrum), rescaled to std `sigma`. */
export function coloredNoise(rng: SeededRandom, width: number, height: number, sigma: number, blur: number): Float32Array {
  let field = new Float32Array(width * height);
  for (let i = 0; i < field.length; i++) field[i] = rng.normal();
  for (let pass = 0; pass < blur; pass++) {
    const next = new Float32Array(field.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
            sum += field[yy * width + xx]!;
            n++;
          }
        }
        next[y * width + x] = sum / n;
      }
    }
    field = next;
  }
  let sq = 0;
  for (const v of field) sq += v * v;
  const std = Math.sqrt(sq / field.length) || 1;
  for (let i = 0; i < field.length; i++) field[i] = (field[i]! / std) * sigma;
  return field;
}
