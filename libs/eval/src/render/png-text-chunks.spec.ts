import { PNG } from 'pngjs';
import { decodePng, encodePng } from '@protoscope/datasets';
import { HeatmapFormatError, RenderInputError } from './errors';
import { crc32, readTextChunks, withTextChunks } from './png-text-chunks';

const tinyPng = () => encodePng(2, 1, 1, Uint8Array.from([0, 255]));

describe('crc32', () => {
  it('gives the standard check value and the CRC every PNG stores after IEND', () => {
    expect(crc32(Buffer.from('123456789', 'latin1'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it("reproduces the CRC pngjs wrote for a file's IHDR chunk", () => {
    const png = tinyPng();
    // IHDR: length at 8, type + 13 data bytes at 12..29, CRC at 29.
    expect(crc32(png.subarray(12, 29))).toBe(png.readUInt32BE(29));
  });
});

describe('tEXt chunks', () => {
  it('are inserted after IHDR as keyword NUL text, and the image still decodes', () => {
    const png = withTextChunks(tinyPng(), { Title: 'heat map', 'x:y': '-1.5' });
    // Hand-read the first inserted chunk right after IHDR (which ends at byte 33).
    expect(png.readUInt32BE(33)).toBe('Title'.length + 1 + 'heat map'.length);
    expect(png.toString('latin1', 37, 41)).toBe('tEXt');
    expect(png.toString('latin1', 41, 55)).toBe('Title\0heat map');
    expect(readTextChunks(png)).toEqual({ Title: 'heat map', 'x:y': '-1.5' });
    expect(Array.from(decodePng(png).data)).toEqual([0, 1]);
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
