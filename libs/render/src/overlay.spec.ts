import { decodePngRaster } from './png-pixels';
import type { Raster } from './raster';
import { RenderInputError } from './errors';
import { BOX_COLOUR, maskBoundary, OUTLINE_COLOUR, renderOverlay } from './overlay';

/** Decoded overlay as 8-bit [r, g, b] per pixel. */
const pixels = (png: Buffer): number[][] => {
  const { data, width, height } = decodePngRaster(png);
  return Array.from({ length: width * height }, (_, i) => [0, 1, 2].map((c) => Math.round(data[i * 3 + c]! * 255)));
};
const grey = (height: number, width: number, value: (i: number) => number): Raster => ({ height, width, channels: 1, data: Float32Array.from({ length: height * width }, (_, i) => value(i)) });

describe('renderOverlay', () => {
  const image = grey(2, 3, (i) => i / 5);
  const heatmap = Float32Array.from([0, 0.5, 1, 0.25, 0.75, 1]);
  // Jet by its ramps, in 8 bits: 0 → (0, 0, 128), ¼ → (0, 128, 255), ½ → (128, 255, 128), ¾ → (255, 128, 0), 1 → (128, 0, 0).
  const jet8: Record<number, number[]> = { 0: [0, 0, 128], 0.25: [0, 128, 255], 0.5: [128, 255, 128], 0.75: [255, 128, 0], 1: [128, 0, 0] };

  it('shows the image alone at opacity 0 and the colour map alone at opacity 1', () => {
    expect(pixels(renderOverlay({ image, heatmap, opacity: 0 }))).toEqual(Array.from(image.data, (v) => [0, 0, 0].map(() => Math.round(v * 255))));
    expect(pixels(renderOverlay({ image, heatmap, opacity: 1, colormap: 'jet' }))).toEqual(Array.from(heatmap, (v) => jet8[v]));
  });

  it('blends linearly in between, on an RGB image', () => {
    const rgb: Raster = { height: 1, width: 1, channels: 3, data: Float32Array.from([1, 0.2, 0]) };
    // 0.25·jet(½) + 0.75·image = 0.25·(0.5, 1, 0.5) + 0.75·(1, 0.2, 0) = (0.875, 0.4, 0.125).
    expect(pixels(renderOverlay({ image: rgb, heatmap: Float32Array.from([0.5]), opacity: 0.25 }))).toEqual([[223, 102, 32]]);
  });

  it('resizes a smaller heat map bilinearly with half-pixel centres', () => {
    // [0, 1] over 4 pixels samples at −¼ (clamped → 0), ¼, ¾ and 1¼ (clamped → 1): 0, ¼, ¾, 1.
    const png = renderOverlay({ image: grey(1, 4, () => 0), heatmap: Float32Array.from([0, 1]), heatmapSize: [1, 2], opacity: 1 });
    expect(pixels(png)).toEqual([jet8[0], jet8[0.25], jet8[0.75], jet8[1]]);
    expect(() => renderOverlay({ image: grey(1, 4, () => 0), heatmap: Float32Array.from([0, 1]), opacity: 1 })).toThrow(RenderInputError);
  });

  it("draws a mask's outline exactly on its boundary pixels", () => {
    // 5 × 6 image; mask rows 1..3 × columns 1..4. Interior (all 4 neighbours inside): (2, 2) and (2, 3).
    const [height, width] = [5, 6];
    const mask = new Uint8Array(height * width);
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 4; x++) mask[y * width + x] = 1;
    const ring = [[1, 1], [1, 2], [1, 3], [1, 4], [2, 1], [2, 4], [3, 1], [3, 2], [3, 3], [3, 4]].map(([y, x]) => y! * width + x!);
    const out = pixels(renderOverlay({ image: grey(height, width, () => 0), heatmap: new Float32Array(30), opacity: 0, outline: mask }));
    out.forEach((rgb, i) => expect(rgb).toEqual(ring.includes(i) ? [...OUTLINE_COLOUR] : [0, 0, 0]));
    // A mask touching the image edge is outlined along the edge.
    const edge = Uint8Array.from([1, 1, 1, 1]);
    expect(Array.from(maskBoundary(edge, 2, 2))).toEqual([1, 1, 1, 1]);
  });

  it('draws box borders, clipped to the image', () => {
    const [height, width] = [4, 5];
    const out = pixels(
      renderOverlay({
        image: grey(height, width, () => 1),
        heatmap: new Float32Array(20),
        opacity: 0,
        boxes: [{ hStart: 1, hEnd: 4, wStart: 0, wEnd: 3 }, { hStart: -1, hEnd: 1, wStart: 4, wEnd: 9 }],
      }),
    );
    // First box: rows 1 and 3 over columns 0..2, columns 0 and 2 over rows 1..3. Second: only row 0 (its
    // last row) at column 4 is inside the image.
    const border = [[1, 0], [1, 1], [1, 2], [2, 0], [2, 2], [3, 0], [3, 1], [3, 2], [0, 4]].map(([y, x]) => y! * width + x!);
    out.forEach((rgb, i) => expect(rgb).toEqual(border.includes(i) ? [...BOX_COLOUR] : [255, 255, 255]));
  });

  it('checks its arguments', () => {
    expect(() => renderOverlay({ image, heatmap, opacity: 1.5 })).toThrow(RenderInputError);
    expect(() => renderOverlay({ image: { ...image, channels: 2 }, heatmap, opacity: 0.5 })).toThrow(RenderInputError);
    expect(() => renderOverlay({ image, heatmap, opacity: 0.5, outline: new Uint8Array(3) })).toThrow(RenderInputError);
  });
});
