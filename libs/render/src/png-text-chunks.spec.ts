import { PNG } from 'pngjs';
import { decodePngRaster, encodePng8 } from './png-pixels';
import { HeatmapFormatError, RenderInputError } from './errors';
import { readTextChunks, withTextChunks } from './png-text-chunks';

const tinyPng = () => encodePng8(2, 1, 1, Uint8Array.from([0, 255]));

describe('tEXt chunks', () => {
  it('are inserted after IHDR as keyword NUL text, and the image still decodes', () => {
    const png = withTextChunks(tinyPng(), { Title: 'heat map', 'x:y': '-1.5' });
    // Hand-read the first inserted chunk right after IHDR (which ends at byte 33).
    expect(png.readUInt32BE(33)).toBe('Title'.length + 1 + 'heat map'.length);
    expect(png.toString('latin1', 37, 41)).toBe('tEXt');
    expect(png.toString('latin1', 41, 55)).toBe('Title\0heat map');
    // CRC-32 of type + data, as computed independently by Python's zlib.crc32(b'tEXtTitle\x00heat map').
    expect(png.readUInt32BE(55)).toBe(0x1f7096c4);
    expect(readTextChunks(png)).toEqual({ Title: 'heat map', 'x:y': '-1.5' });
    expect(Array.from(decodePngRaster(png).data)).toEqual([0, 1]);
    expect(PNG.sync.read(png).width).toBe(2);
  });

  it('detect a damaged chunk and reject what is not a PNG', () => {
    const png = withTextChunks(tinyPng(), { key: 'value' });
    png[45] ^= 0x01; // a byte of the keyword
    expect(() => readTextChunks(png)).toThrow(/CRC mismatch/);
    expect(() => readTextChunks(Buffer.from('not a png at all'))).toThrow(HeatmapFormatError);
    expect(() => readTextChunks(tinyPng().subarray(0, 40))).toThrow(HeatmapFormatError);
  });

  it('refuse keywords PNG does not allow', () => {
    expect(() => withTextChunks(tinyPng(), { '': 'x' })).toThrow(RenderInputError);
    expect(() => withTextChunks(tinyPng(), { ' lead': 'x' })).toThrow(RenderInputError);
    expect(() => withTextChunks(tinyPng(), { ['k'.repeat(80)]: 'x' })).toThrow(RenderInputError);
    expect(() => withTextChunks(tinyPng(), { key: 'snow ☃' })).toThrow(RenderInputError);
  });
});
