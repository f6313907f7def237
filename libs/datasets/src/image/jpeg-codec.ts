import * as jpeg from 'jpeg-js';
import type { Raster } from './raster';

/** Decodes a baseline or progressive JPEG into a raster in [0, 1] (1 or 3 channels). */
export function decodeJpeg(bytes: Uint8Array): Raster {
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 2048 });
  const n = decoded.width * decoded.height;
  const channels = Math.round(decoded.data.length / n) >= 3 ? 3 : 1;
  const stride = Math.round(decoded.data.length / n);
  const data = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < channels; k++) data[i * channels + k] = decoded.data[i * stride + k]! / 255;
  }
  return { width: decoded.width, height: decoded.height, channels, data };
}

/** Encodes 8-bit RGB pixels (for test fixtures and exports). */
export function encodeJpeg(width: number, height: number, rgb: Uint8Array, quality = 92): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgb[i * 3]!;
    rgba[i * 4 + 1] = rgb[i * 3 + 1]!;
    rgba[i * 4 + 2] = rgb[i * 3 + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return jpeg.encode({ width, height, data: rgba }, quality).data;
}
