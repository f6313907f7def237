import { PNG } from 'pngjs';
import type { LabelMap, Raster } from './raster';

/** Channels implied by a PNG colour type (alpha is dropped; palettes become RGB). */
function pngChannels(colorType: number): number {
  return colorType === 0 || colorType === 4 ? 1 : 3;
}

/** Decodes a PNG (8- or 16-bit, any colour type) into a raster in [0, 1]. Throws on corrupt data. */
export function decodePng(bytes: Uint8Array): Raster {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  const channels = pngChannels(png.colorType);
  const max = png.depth === 16 ? 65535 : 255;
  const n = png.width * png.height;
  const data = new Float32Array(n * channels);
  const src = png.data as unknown as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < channels; k++) data[i * channels + k] = src[i * 4 + k]! / max;
  }
  return { width: png.width, height: png.height, channels, data };
}

/** Decodes a PNG as a label map: the first channel's 8-bit value per pixel. */
export function decodePngLabels(bytes: Uint8Array): LabelMap {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const n = png.width * png.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = png.data[i * 4]!;
  return { width: png.width, height: png.height, data };
}

/** Encodes 8-bit grey (channels 1) or RGB (channels 3) pixels as PNG. */
export function encodePng(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Buffer {
  return PNG.sync.write(
    { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as PNG,
    { colorType: channels === 1 ? 0 : 2, inputColorType: channels === 1 ? 0 : 2, inputHasAlpha: false, bitDepth: 8 },
  );
}

/** Encodes a label map as an 8-bit grey PNG. */
export function encodeLabelMapPng(map: LabelMap): Buffer {
  return encodePng(map.width, map.height, 1, map.data);
}
