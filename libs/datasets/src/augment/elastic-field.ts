import type { SeededRandom } from '../random/seeded-random';

/** A smooth random displacement field over an output image: (dx, dy) per pixel. */
export interface DisplacementField {
  width: number;
  height: number;
  dx: Float32Array;
  dy: Float32Array;
}

/**
 * Draws `grid`×`grid` control displacements N(0, alpha) and interpolates them bilinearly (with
 * smoothstep weights) to every pixel: a cheap elastic deformation that moves masks with the image.
 */
export function randomDisplacementField(width: number, height: number, grid: number, alpha: number, rng: SeededRandom): DisplacementField {
  const gx = new Float32Array(grid * grid);
  const gy = new Float32Array(grid * grid);
  for (let i = 0; i < grid * grid; i++) {
    gx[i] = rng.normal(0, alpha);
    gy[i] = rng.normal(0, alpha);
  }
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  for (let y = 0; y < height; y++) {
    const fy = ((y + 0.5) / height) * (grid - 1);
    const y0 = Math.min(grid - 2, Math.floor(fy));
    const ty = smooth(fy - y0);
    for (let x = 0; x < width; x++) {
      const fx = ((x + 0.5) / width) * (grid - 1);
      const x0 = Math.min(grid - 2, Math.floor(fx));
      const tx = smooth(fx - x0);
      const i00 = y0 * grid + x0;
      const i01 = i00 + 1;
      const i10 = i00 + grid;
      const i11 = i10 + 1;
      const o = y * width + x;
      dx[o] = (gx[i00]! * (1 - tx) + gx[i01]! * tx) * (1 - ty) + (gx[i10]! * (1 - tx) + gx[i11]! * tx) * ty;
      dy[o] = (gy[i00]! * (1 - tx) + gy[i01]! * tx) * (1 - ty) + (gy[i10]! * (1 - tx) + gy[i11]! * tx) * ty;
    }
  }
  return { width, height, dx, dy };
}
