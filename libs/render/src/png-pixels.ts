import { PNG } from 'pngjs';
import type { Raster } from './raster';

/** 8-bit grey (channels 1) or RGB (channels 3) pixels, row-major, as a PNG file. */
export function encodePng8(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Buffer {
  const colorType = channels === 1 ? 0 : 2;
  return PNG.sync.write({ width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as PNG, {
    colorType,
    inputColorType: colorType,
    inputHasAlpha: false,
    bitDepth: 8,
  });
}

/** A PNG file's pixels (8 or 16 bits) as a raster in [0, 1]: grey stays grey, colour and palettes become RGB, alpha is dropped. */
export function decodePngRaster(bytes: Uint8Array): Raster {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  const channels = png.colorType === 0 || png.colorType === 4 ? 1 : 3;
  const max = png.depth === 16 ? 65535 : 255;
  // pngjs expands every pixel to four samples (RGBA, grey repeated in R, G and B).
  const samples = png.data as unknown as ArrayLike<number>;
  const data = new Float32Array(png.width * png.height * channels);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let k = 0; k < channels; k++) data[i * channels + k] = samples[i * 4 + k]! / max;
  }
  return { width: png.width, height: png.height, channels, data };
}
