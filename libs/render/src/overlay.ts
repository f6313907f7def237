import { colormap, type ColormapName } from './colormap';
import { RenderInputError } from './errors';
import { encodePng8 } from './png-pixels';
import type { PixelBox, Raster } from './raster';

/** 8-bit RGB of mask outlines: magenta, a colour neither jet nor viridis nor a grey image contains. */
export const OUTLINE_COLOUR: readonly [number, number, number] = [255, 0, 255];
/** 8-bit RGB of boxes: yellow, as ProtoPNet draws its prototype boxes. */
export const BOX_COLOUR: readonly [number, number, number] = [255, 255, 0];

export interface OverlayOptions {
  /** The image, values in [0, 1], 1 (grey) or 3 (RGB) channels. */
  image: Raster;
  /** Heat map values in [0, 1] (clipped), row-major. */
  heatmap: Float32Array;
  /** [height, width] of the heat map when it is not the image's; it is then resized bilinearly. */
  heatmapSize?: readonly [number, number];
  /** Weight of the heat-map colour: 0 shows the image only, 1 the colour-mapped heat map only. */
  opacity: number;
  colormap?: ColormapName;
  /** Image-size mask (non-zero inside), e.g. a lesion; its boundary is drawn in `OUTLINE_COLOUR`. */
  outline?: Uint8Array;
  /** Boxes (e.g. receptive fields, high-activation boxes) drawn as 1-pixel rectangles in `BOX_COLOUR`. */
  boxes?: readonly PixelBox[];
}

/** The heat map at the image's size: as given, or bilinearly resized (pixel centres at i + ½, edges clamped). */
function heatmapAtImageSize(heatmap: Float32Array, [mapHeight, mapWidth]: readonly [number, number], height: number, width: number): Float32Array {
  if (heatmap.length !== mapHeight * mapWidth) {
    throw new RenderInputError(`heat map has ${heatmap.length} values, not ${mapHeight}×${mapWidth}; pass heatmapSize when it differs from the image`);
  }
  if (mapHeight === height && mapWidth === width) return heatmap;
  // Source coordinate of output index i along an axis, its two neighbours and the weight of the second.
  const taps = (outSize: number, inSize: number) =>
    Array.from({ length: outSize }, (_, i) => {
      const f = Math.min(Math.max(((i + 0.5) * inSize) / outSize - 0.5, 0), inSize - 1);
      const low = Math.floor(f);
      return { low, high: Math.min(low + 1, inSize - 1), weight: f - low };
    });
  const rows = taps(height, mapHeight);
  const cols = taps(width, mapWidth);
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const { low: y0, high: y1, weight: ay } = rows[y]!;
    for (let x = 0; x < width; x++) {
      const { low: x0, high: x1, weight: ax } = cols[x]!;
      const top = heatmap[y0 * mapWidth + x0]! * (1 - ax) + heatmap[y0 * mapWidth + x1]! * ax;
      const bottom = heatmap[y1 * mapWidth + x0]! * (1 - ax) + heatmap[y1 * mapWidth + x1]! * ax;
      out[y * width + x] = top * (1 - ay) + bottom * ay;
    }
  }
  return out;
}

/** Pixels of the mask with a 4-neighbour outside it (the image border counts as outside). */
export function maskBoundary(mask: Uint8Array, height: number, width: number): Uint8Array {
  const inside = (y: number, x: number) => y >= 0 && y < height && x >= 0 && x < width && mask[y * width + x] !== 0;
  const boundary = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (inside(y, x) && !(inside(y - 1, x) && inside(y + 1, x) && inside(y, x - 1) && inside(y, x + 1))) boundary[y * width + x] = 1;
    }
  }
  return boundary;
}

/**
 * Renders a heat map over an image as an 8-bit RGB PNG: each pixel is (1 − opacity)·image +
 * opacity·colormap(heat), then the mask outline and the boxes are drawn on top. (ProtoPNet's own
 * figures use 0.5·image + 0.3·jet; opacity 0.375 keeps those proportions without the 0.8 dimming.)
 */
export function renderOverlay(options: OverlayOptions): Buffer {
  const { image, opacity, colormap: name = 'jet', outline, boxes = [] } = options;
  const { height, width, channels } = image;
  if (channels !== 1 && channels !== 3) throw new RenderInputError(`overlay image must have 1 or 3 channels, got ${channels}`);
  if (image.data.length !== height * width * channels) throw new RenderInputError(`overlay image has ${image.data.length} values, not ${height}×${width}×${channels}`);
  if (!(opacity >= 0 && opacity <= 1)) throw new RenderInputError(`opacity must lie in [0, 1], got ${opacity}`);
  if (outline && outline.length !== height * width) throw new RenderInputError(`outline mask has ${outline.length} pixels, the image ${height}×${width}`);
  const heat = heatmapAtImageSize(options.heatmap, options.heatmapSize ?? [height, width], height, width);
  const rgb = new Uint8Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    const colour = colormap(name, heat[i]!);
    for (let c = 0; c < 3; c++) {
      const value = Math.min(1, Math.max(0, image.data[i * channels + (channels === 3 ? c : 0)]!));
      rgb[i * 3 + c] = Math.round(255 * ((1 - opacity) * value + opacity * colour[c]!));
    }
  }
  const paint = (y: number, x: number, colour: readonly number[]) => {
    if (y >= 0 && y < height && x >= 0 && x < width) rgb.set(colour, (y * width + x) * 3);
  };
  if (outline) {
    const boundary = maskBoundary(outline, height, width);
    boundary.forEach((on, i) => on && paint(Math.floor(i / width), i % width, OUTLINE_COLOUR));
  }
  for (const box of boxes) {
    if (box.hEnd <= box.hStart || box.wEnd <= box.wStart) continue;
    for (let x = box.wStart; x < box.wEnd; x++) {
      paint(box.hStart, x, BOX_COLOUR);
      paint(box.hEnd - 1, x, BOX_COLOUR);
    }
    for (let y = box.hStart; y < box.hEnd; y++) {
      paint(y, box.wStart, BOX_COLOUR);
      paint(y, box.wEnd - 1, BOX_COLOUR);
    }
  }
  return encodePng8(width, height, 3, rgb);
}
