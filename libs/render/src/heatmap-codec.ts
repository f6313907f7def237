import { PNG } from 'pngjs';
import { HeatmapFormatError, RenderInputError } from './errors';
import { readTextChunks, withTextChunks } from './png-text-chunks';

/**
 * Heat maps as files any image viewer opens: a 16-bit greyscale PNG whose grey level g stands for
 * min + g / 65535 · (max − min). min and max (the map's own extremes, so the full 16 bits are used)
 * and the map's scale are written as PNG tEXt chunks under these keywords, as decimal numbers that
 * read back to the same float. A constant map is stored as all zeros with min = max.
 */
export const HEATMAP_TEXT_KEYS = { min: 'heatmap:min', max: 'heatmap:max', scale: 'heatmap:scale' } as const;

const LEVELS = 65535;

export type HeatmapScale = 'unit' | 'signed';

export interface EncodableHeatmap {
  /** Row-major height × width values. */
  map: Float32Array;
  height: number;
  width: number;
  /** 'unit' for maps in [0, 1], 'signed' for raw attributions; recorded, not used for quantising. */
  scale?: HeatmapScale;
}

export interface DecodedHeatmap {
  map: Float32Array;
  height: number;
  width: number;
  /** The values grey levels 0 and 65535 stand for (the encoded map's minimum and maximum). */
  min: number;
  max: number;
  scale?: HeatmapScale;
}

/**
 * Encodes a heat map as a 16-bit greyscale PNG with its value range in tEXt chunks. Decoding gives
 * every value back within (max − min) / 131070 (half a grey level), plus float32 rounding.
 */
export function encodeHeatmap({ map, height, width, scale }: EncodableHeatmap): Buffer {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
    throw new RenderInputError(`heat map size must be positive whole numbers, got ${height}×${width}`);
  }
  if (map.length !== height * width) throw new RenderInputError(`heat map has ${map.length} values, not ${height}×${width} = ${height * width}`);
  let min = Infinity;
  let max = -Infinity;
  for (const v of map) {
    if (!Number.isFinite(v)) throw new RenderInputError(`heat map holds a non-finite value (${v}); only finite maps can be stored`);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const range = max - min;
  const levels = new Uint16Array(map.length);
  if (range > 0) for (let i = 0; i < map.length; i++) levels[i] = Math.round(((map[i]! - min) / range) * LEVELS);
  // pngjs reads 16-bit input as native-endian uint16 through the buffer's ArrayBuffer, so the Buffer must start at offset 0.
  const png = PNG.sync.write({ width, height, data: Buffer.from(levels.buffer) } as PNG, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth: 16,
  });
  const text: Record<string, string> = { [HEATMAP_TEXT_KEYS.min]: String(min), [HEATMAP_TEXT_KEYS.max]: String(max) };
  if (scale) text[HEATMAP_TEXT_KEYS.scale] = scale;
  return withTextChunks(png, text);
}

function rangeValue(text: Record<string, string>, key: string): number {
  const raw = text[key];
  const value = raw === undefined ? NaN : Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value)) {
    throw new HeatmapFormatError(`not a heat-map PNG: tEXt '${key}' is ${raw === undefined ? 'missing' : `'${raw}', not a number`}`);
  }
  return value;
}

/** Reads back a heat map written by `encodeHeatmap`. */
export function decodeHeatmap(bytes: Uint8Array): DecodedHeatmap {
  const text = readTextChunks(bytes);
  const min = rangeValue(text, HEATMAP_TEXT_KEYS.min);
  const max = rangeValue(text, HEATMAP_TEXT_KEYS.max);
  if (max < min) throw new HeatmapFormatError(`heat-map PNG range is inverted (min ${min} > max ${max})`);
  const rawScale = text[HEATMAP_TEXT_KEYS.scale];
  if (rawScale !== undefined && rawScale !== 'unit' && rawScale !== 'signed') throw new HeatmapFormatError(`heat-map PNG scale '${rawScale}' is neither 'unit' nor 'signed'`);
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  } catch (error) {
    throw new HeatmapFormatError(`heat-map PNG cannot be decoded: ${(error as Error).message}`);
  }
  if (png.depth !== 16 || png.colorType !== 0) {
    throw new HeatmapFormatError(`heat-map PNG must be 16-bit greyscale, this one is ${png.depth}-bit colour type ${png.colorType}`);
  }
  // With skipRescale, pngjs returns 16-bit samples expanded to RGBA: the grey level is every 4th value.
  const samples = png.data as unknown as ArrayLike<number>;
  const map = new Float32Array(png.width * png.height);
  const step = (max - min) / LEVELS;
  for (let i = 0; i < map.length; i++) map[i] = min + samples[i * 4]! * step;
  return { map, height: png.height, width: png.width, min, max, ...(rawScale ? { scale: rawScale } : {}) };
}
