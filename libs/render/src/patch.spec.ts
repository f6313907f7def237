import { decodePngRaster } from './png-pixels';
import { RenderInputError } from './errors';
import { cropPatch, encodePatch } from './patch';

// 4 × 5 RGB image whose value at (y, x, c) is its interleaved index (15·y + 3·x + c)/100: every sample is distinct and known.
const image = { height: 4, width: 5, channels: 3, data: Float32Array.from({ length: 60 }, (_, i) => i / 100) };
const at = (y: number, x: number, c: number) => (15 * y + 3 * x + c) / 100;
const expectPixels = (data: Float32Array, rows: number[], cols: number[]) => {
  const expected = rows.flatMap((y) => cols.flatMap((x) => [0, 1, 2].map((c) => at(y, x, c))));
  expect(Array.from(data)).toEqual(expected.map((v) => expect.closeTo(v, 6)));
};

describe('patch crop', () => {
  it('takes exactly the half-open box', () => {
    const patch = cropPatch(image, { hStart: 1, hEnd: 3, wStart: 2, wEnd: 5 });
    expect(patch).toMatchObject({ height: 2, width: 3, channels: 3 });
    expectPixels(patch.data, [1, 2], [2, 3, 4]);
  });

  it('clips a box that runs off the image and refuses one that holds no pixel', () => {
    const patch = cropPatch(image, { hStart: -2, hEnd: 1, wStart: 4, wEnd: 9 });
    expect(patch).toMatchObject({ height: 1, width: 1 });
    expectPixels(patch.data, [0], [4]);
    expect(() => cropPatch(image, { hStart: 4, hEnd: 6, wStart: 0, wEnd: 2 })).toThrow(RenderInputError);
    expect(() => cropPatch(image, { hStart: 0.5, hEnd: 2, wStart: 0, wEnd: 2 })).toThrow(RenderInputError);
  });

  it('encodes the patch as an 8-bit PNG', () => {
    const decoded = decodePngRaster(encodePatch(image, { hStart: 2, hEnd: 4, wStart: 0, wEnd: 2 }));
    expect(decoded).toMatchObject({ width: 2, height: 2, channels: 3 });
    const expected = [2, 3].flatMap((y) => [0, 1].flatMap((x) => [0, 1, 2].map((c) => Math.round(at(y, x, c) * 255))));
    expect(Array.from(decoded.data, (v) => Math.round(v * 255))).toEqual(expected);
  });
});
