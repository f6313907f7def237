import { decodePngRaster, encodePng8 } from './png-pixels';
import { HeatmapFormatError, RenderInputError } from './errors';
import { decodeHeatmap, encodeHeatmap, HEATMAP_TEXT_KEYS } from './heatmap-codec';
import { readTextChunks } from './png-text-chunks';

describe('heat-map PNG codec', () => {
  it('round-trips a unit map within half a grey level of its range', () => {
    const [height, width] = [7, 9];
    const map = Float32Array.from({ length: height * width }, (_, i) => 0.1 + 0.8 * Math.abs(Math.sin(i * 1.7)));
    const decoded = decodeHeatmap(encodeHeatmap({ map, height, width, scale: 'unit' }));
    const [min, max] = [Math.min(...map), Math.max(...map)];
    expect(decoded).toMatchObject({ height, width, min, max, scale: 'unit' });
    const bound = (max - min) / 131070 + 1e-7;
    map.forEach((v, i) => expect(Math.abs(decoded.map[i]! - v)).toBeLessThanOrEqual(bound));
  });

  it('round-trips a signed map, and writes grey levels an ordinary PNG reader sees', () => {
    const map = Float32Array.from([-2, 0, 1, 2, -0.5, 1.5]);
    const bytes = encodeHeatmap({ map, height: 2, width: 3, scale: 'signed' });
    // Levels (v − min)/(max − min)·65535, rounded: 0, 32768 (32767.5), 49151 (49151.25), 65535, 24576 (24575.625), 57343 (57343.125).
    const grey = decodePngRaster(bytes);
    expect(grey).toMatchObject({ width: 3, height: 2, channels: 1 });
    expect(Array.from(grey.data, (v) => Math.round(v * 65535))).toEqual([0, 32768, 49151, 65535, 24576, 57343]);
    expect(readTextChunks(bytes)).toEqual({ [HEATMAP_TEXT_KEYS.min]: '-2', [HEATMAP_TEXT_KEYS.max]: '2', [HEATMAP_TEXT_KEYS.scale]: 'signed' });
    const decoded = decodeHeatmap(bytes);
    expect(decoded).toMatchObject({ min: -2, max: 2, scale: 'signed' });
    map.forEach((v, i) => expect(Math.abs(decoded.map[i]! - v)).toBeLessThanOrEqual(4 / 65535));
  });

  it('stores a constant map exactly (all levels 0, min = max)', () => {
    const map = new Float32Array(12).fill(0.3);
    const decoded = decodeHeatmap(encodeHeatmap({ map, height: 3, width: 4 }));
    expect(decoded.min).toBe(decoded.max);
    expect(decoded.scale).toBeUndefined();
    expect(Array.from(decoded.map)).toEqual(Array.from(map));
  });

  it('keeps float32 extremes exactly', () => {
    const map = Float32Array.from([Math.fround(1 / 3), Math.fround(-1e-7), 5]);
    const decoded = decodeHeatmap(encodeHeatmap({ map, height: 1, width: 3 }));
    expect([decoded.min, decoded.max]).toEqual([map[1], map[2]]);
    expect(decoded.map[1]).toBe(map[1]);
  });

  it('refuses maps it cannot store and files it did not write', () => {
    expect(() => encodeHeatmap({ map: Float32Array.from([0, NaN]), height: 1, width: 2 })).toThrow(RenderInputError);
    expect(() => encodeHeatmap({ map: new Float32Array(5), height: 2, width: 3 })).toThrow(RenderInputError);
    expect(() => decodeHeatmap(encodePng8(2, 1, 1, Uint8Array.from([0, 9])))).toThrow(/heatmap:min' is missing/);
    expect(() => decodeHeatmap(Buffer.from('plain text'))).toThrow(HeatmapFormatError);
  });
});
