import { RenderInputError } from './errors';

export type ColormapName = 'jet' | 'viridis';

export const COLORMAPS: readonly ColormapName[] = ['jet', 'viridis'];

/** A colour as red, green, blue in [0, 1]. */
export type Rgb = [number, number, number];

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * OpenCV's COLORMAP_JET (the GNU Octave/MATLAB jet) in closed form. OpenCV stores it as 256 samples of
 * these three ramps — red 1.5 − |4x − 3|, green 1.5 − |4x − 2|, blue 1.5 − |4x − 1|, clipped to
 * [0, 1] — so dark blue (0, 0, ½) at 0, green at ½, dark red (½, 0, 0) at 1; evaluating the ramps
 * directly gives the same colours at those samples and a continuous map between them.
 */
function jet(x: number): Rgb {
  return [clamp01(1.5 - Math.abs(4 * x - 3)), clamp01(1.5 - Math.abs(4 * x - 2)), clamp01(1.5 - Math.abs(4 * x - 1))];
}

/**
 * Viridis (van der Walt and Smith's perceptually uniform map, matplotlib's default) as nine anchor
 * colours at x = 0, ⅛, …, 1 — the published map's values there, rounded to 8 bits — joined by
 * linear interpolation. Between anchors this differs from the 256-entry original by a few 8-bit
 * levels at most: enough for overlays, not a colorimetric reference.
 */
const VIRIDIS_ANCHORS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'].map(
  (hex): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as Rgb,
);

function viridis(x: number): Rgb {
  const position = x * (VIRIDIS_ANCHORS.length - 1);
  const below = Math.min(VIRIDIS_ANCHORS.length - 2, Math.floor(position));
  const t = position - below;
  const [a, b] = [VIRIDIS_ANCHORS[below]!, VIRIDIS_ANCHORS[below + 1]!];
  return [0, 1, 2].map((c) => a[c]! + t * (b[c]! - a[c]!)) as Rgb;
}

/** The colour of `value` (clipped to [0, 1]) under a colour map. */
export function colormap(name: ColormapName, value: number): Rgb {
  if (Number.isNaN(value)) throw new RenderInputError(`colormap '${name}': cannot colour NaN`);
  const x = clamp01(value);
  switch (name) {
    case 'jet':
      return jet(x);
    case 'viridis':
      return viridis(x);
    default:
      throw new RenderInputError(`unknown colour map '${String(name)}'; use one of: ${COLORMAPS.join(', ')}`);
  }
}

/**
 * RGBA bytes (opaque) of a row-major map for a canvas, each value scaled min → 0 and max → 1 and
 * coloured. A constant map (max ≤ min) and values that are not finite are drawn at 0.
 */
export function heatmapRgba(values: ArrayLike<number>, min: number, max: number, name: ColormapName = 'jet'): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const [r, g, b] = colormap(name, span > 0 && Number.isFinite(value) ? (value - min) / span : 0);
    out.set([Math.round(255 * r), Math.round(255 * g), Math.round(255 * b), 255], i * 4);
  }
  return out;
}
