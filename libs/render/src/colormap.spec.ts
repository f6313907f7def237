import { colormap, heatmapRgba } from './colormap';
import { RenderInputError } from './errors';

const close = (rgb: number[], expected: number[]) => expect(rgb).toEqual(expected.map((v) => expect.closeTo(v, 6)));
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);

describe('jet', () => {
  it('is dark blue, green and dark red at 0, ½ and 1, by its ramp definition', () => {
    close(colormap('jet', 0), [0, 0, 0.5]);
    close(colormap('jet', 0.5), [0.5, 1, 0.5]);
    close(colormap('jet', 1), [0.5, 0, 0]);
    close(colormap('jet', 0.25), [0, 0.5, 1]);
    close(colormap('jet', 0.75), [1, 0.5, 0]);
  });

  it("agrees with entries of OpenCV's 256-sample COLORMAP_JET table", () => {
    // Table values at index i (x = i/255): red[96], green[32], blue[1], blue[31].
    expect(colormap('jet', 96 / 255)[0]).toBeCloseTo(0.00588235294117645, 6);
    expect(colormap('jet', 32 / 255)[1]).toBeCloseTo(0.001960784313725483, 6);
    expect(colormap('jet', 1 / 255)[2]).toBeCloseTo(0.5156862745098039, 6);
    expect(colormap('jet', 31 / 255)[2]).toBeCloseTo(0.9862745098039216, 6);
  });

  it('clips values outside [0, 1] and refuses NaN', () => {
    close(colormap('jet', -3), [0, 0, 0.5]);
    close(colormap('jet', 7), [0.5, 0, 0]);
    expect(() => colormap('jet', NaN)).toThrow(RenderInputError);
  });
});

describe('viridis', () => {
  it("hits the published map's colours at its ends and middle and interpolates linearly between anchors", () => {
    close(colormap('viridis', 0), hex('#440154'));
    close(colormap('viridis', 1), hex('#fde725'));
    close(colormap('viridis', 0.5), hex('#21908d'));
    // Halfway between the anchors at ⅞ (#aadc32) and 1 (#fde725).
    const [a, b] = [hex('#aadc32'), hex('#fde725')];
    close(colormap('viridis', 15 / 16), a.map((v, i) => (v + b[i]!) / 2));
  });

  it('grows in lightness from end to end (its defining property, which jet lacks)', () => {
    const luma = (x: number) => {
      const [r, g, b] = colormap('viridis', x);
      return 0.299 * r + 0.587 * g + 0.114 * b;
    };
    for (let i = 1; i <= 32; i++) expect(luma(i / 32)).toBeGreaterThan(luma((i - 1) / 32));
  });

  it('names the colour maps it knows when asked for another', () => {
    expect(() => colormap('hot' as never, 0.5)).toThrow(/jet, viridis/);
  });
});

describe('heatmapRgba', () => {
  it('scales a map between its min and max into opaque 8-bit RGBA (jet: ½ of 255 rounds to 128)', () => {
    expect(Array.from(heatmapRgba([2, 3, 4], 2, 4))).toEqual([0, 0, 128, 255, 128, 255, 128, 255, 128, 0, 0, 255]);
  });

  it('draws a constant map and non-finite values at 0, and can use viridis', () => {
    expect(Array.from(heatmapRgba([5, 5], 5, 5))).toEqual([0, 0, 128, 255, 0, 0, 128, 255]);
    expect(Array.from(heatmapRgba([NaN, Infinity], 0, 1))).toEqual([0, 0, 128, 255, 0, 0, 128, 255]);
    // #440154 and #fde725, viridis' published end colours.
    expect(Array.from(heatmapRgba([0, 1], 0, 1, 'viridis'))).toEqual([0x44, 0x01, 0x54, 255, 0xfd, 0xe7, 0x25, 255]);
  });
});
