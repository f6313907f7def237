/**
 * The shapes the renderers draw from. They match `Raster` of @protoscope/datasets and `PixelBox` of
 * @protoscope/core-models field for field, so values of those types pass as they are; they are
 * declared here because importing either library would load tfjs into whatever draws a PNG.
 */

/** An image in memory: values in [0, 1], row-major, `channels` values per pixel. */
export interface Raster {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** A pixel box, half-open: rows hStart ≤ y < hEnd, columns wStart ≤ x < wEnd. */
export interface PixelBox {
  hStart: number;
  hEnd: number;
  wStart: number;
  wEnd: number;
}
