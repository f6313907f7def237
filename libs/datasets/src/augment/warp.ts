import { createLabelMap, createRaster, type LabelMap, type Raster } from '../image/raster';
import { apply, type Affine } from './affine-transform';
import type { DisplacementField } from './elastic-field';

/**
 * Output pixel centre → source coordinates: the inverse affine of (output + displacement).
 * Shared by the image and label warps so that masks move exactly as the image does.
 */
function sourceOf(inverse: Affine, field: DisplacementField | undefined, x: number, y: number): { x: number; y: number } {
  let px = x + 0.5;
  let py = y + 0.5;
  if (field) {
    const o = y * field.width + x;
    px += field.dx[o]!;
    py += field.dy[o]!;
  }
  return apply(inverse, { x: px, y: py });
}

/** Bilinear warp; samples outside the source are 0. */
export function warpRaster(source: Raster, inverse: Affine, width: number, height: number, field?: DisplacementField): Raster {
  const out = createRaster(width, height, source.channels);
  const { width: w, height: h, channels: c, data } = source;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = sourceOf(inverse, field, x, y);
      const fx = s.x - 0.5;
      const fy = s.y - 0.5;
      if (fx < -0.5 || fy < -0.5 || fx > w - 0.5 || fy > h - 0.5) continue;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const cx0 = Math.min(Math.max(x0, 0), w - 1);
      const cx1 = Math.min(Math.max(x0 + 1, 0), w - 1);
      const cy0 = Math.min(Math.max(y0, 0), h - 1);
      const cy1 = Math.min(Math.max(y0 + 1, 0), h - 1);
      const o = (y * width + x) * c;
      for (let k = 0; k < c; k++) {
        const v00 = data[(cy0 * w + cx0) * c + k]!;
        const v01 = data[(cy0 * w + cx1) * c + k]!;
        const v10 = data[(cy1 * w + cx0) * c + k]!;
        const v11 = data[(cy1 * w + cx1) * c + k]!;
        out.data[o + k] = (v00 * (1 - ax) + v01 * ax) * (1 - ay) + (v10 * (1 - ax) + v11 * ax) * ay;
      }
    }
  }
  return out;
}

/** Nearest-neighbour warp for label maps; outside is 0 (background). */
export function warpLabelMap(source: LabelMap, inverse: Affine, width: number, height: number, field?: DisplacementField): LabelMap {
  const out = createLabelMap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = sourceOf(inverse, field, x, y);
      const sx = Math.floor(s.x);
      const sy = Math.floor(s.y);
      if (sx < 0 || sy < 0 || sx >= source.width || sy >= source.height) continue;
      out.data[y * width + x] = source.data[sy * source.width + sx]!;
    }
  }
  return out;
}
