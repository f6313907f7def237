/**
 * A decoded image in memory: row-major, channels interleaved (H×W×C), values as floats in [0, 1].
 * Every decoder produces one and every augmenter consumes one, so formats never leak further.
 */
export interface Raster {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** A label map (mask) in memory: one byte per pixel; 0 is background. */
export interface LabelMap {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createRaster(width: number, height: number, channels: number, fill = 0): Raster {
  const data = new Float32Array(width * height * channels);
  if (fill !== 0) data.fill(fill);
  return { width, height, channels, data };
}

export function createLabelMap(width: number, height: number): LabelMap {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Converts to 1 (luminance) or 3 (replicated grey) channels. Alpha is dropped. */
export function convertChannels(raster: Raster, channels: 1 | 3): Raster {
  if (raster.channels === channels) return raster;
  const n = raster.width * raster.height;
  const out = createRaster(raster.width, raster.height, channels);
  const src = raster.data;
  const c = raster.channels;
  for (let i = 0; i < n; i++) {
    if (channels === 1) {
      out.data[i] = c >= 3 ? 0.299 * src[i * c]! + 0.587 * src[i * c + 1]! + 0.114 * src[i * c + 2]! : src[i * c]!;
    } else {
      const g = src[i * c]!;
      const r = c >= 3 ? src[i * c]! : g;
      out.data[i * 3] = r;
      out.data[i * 3 + 1] = c >= 3 ? src[i * c + 1]! : g;
      out.data[i * 3 + 2] = c >= 3 ? src[i * c + 2]! : g;
    }
  }
  return out;
}

/** Quantises a raster in [0, 1] to 8-bit, clamping. */
export function rasterToBytes(raster: Raster): Uint8Array {
  const out = new Uint8Array(raster.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = raster.data[i]!;
    out[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
  }
  return out;
}

/** Area-average (box filter) resize for shrinking, bilinear for enlarging: one call for any size. */
export function resizeRaster(raster: Raster, width: number, height: number): Raster {
  if (raster.width === width && raster.height === height) return raster;
  const { channels: c } = raster;
  const out = createRaster(width, height, c);
  const sx = raster.width / width;
  const sy = raster.height / height;
  if (sx >= 1 && sy >= 1) {
    for (let y = 0; y < height; y++) {
      const y0 = Math.floor(y * sy);
      const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
      for (let x = 0; x < width; x++) {
        const x0 = Math.floor(x * sx);
        const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
        const count = (y1 - y0) * (x1 - x0);
        for (let k = 0; k < c; k++) {
          let sum = 0;
          for (let yy = y0; yy < y1; yy++) {
            const row = yy * raster.width;
            for (let xx = x0; xx < x1; xx++) sum += raster.data[(row + xx) * c + k]!;
          }
          out.data[(y * width + x) * c + k] = sum / count;
        }
      }
    }
    return out;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = bilinear(raster, (x + 0.5) * sx, (y + 0.5) * sy);
      for (let k = 0; k < c; k++) out.data[(y * width + x) * c + k] = px[k]!;
    }
  }
  return out;
}

const scratch: number[] = [];
/** Bilinear sample at continuous coordinates (pixel centres at i + 0.5); edges clamp. */
export function bilinear(raster: Raster, x: number, y: number, out: number[] = scratch): number[] {
  const { width: w, height: h, channels: c, data } = raster;
  const fx = Math.min(Math.max(x - 0.5, 0), w - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), h - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  for (let k = 0; k < c; k++) {
    const a = data[(y0 * w + x0) * c + k]!;
    const b = data[(y0 * w + x1) * c + k]!;
    const d = data[(y1 * w + x0) * c + k]!;
    const e = data[(y1 * w + x1) * c + k]!;
    out[k] = (a * (1 - ax) + b * ax) * (1 - ay) + (d * (1 - ax) + e * ax) * ay;
  }
  return out;
}

/** Nearest-neighbour resize of a label map (labels must not be blended). */
export function resizeLabelMap(map: LabelMap, width: number, height: number): LabelMap {
  if (map.width === width && map.height === height) return map;
  const out = createLabelMap(width, height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(map.height - 1, Math.floor(((y + 0.5) * map.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(map.width - 1, Math.floor(((x + 0.5) * map.width) / width));
      out.data[y * width + x] = map.data[sy * map.width + sx]!;
    }
  }
  return out;
}
