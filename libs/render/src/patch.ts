import { RenderInputError } from './errors';
import { encodePng8 } from './png-pixels';
import type { PixelBox, Raster } from './raster';

/** The pixels of a half-open box (clipped to the image), e.g. the image patch a prototype was pushed onto. */
export function cropPatch(image: Raster, box: PixelBox): Raster {
  const { height, width, channels } = image;
  const [top, bottom] = [Math.max(0, box.hStart), Math.min(height, box.hEnd)];
  const [left, right] = [Math.max(0, box.wStart), Math.min(width, box.wEnd)];
  if (![box.hStart, box.hEnd, box.wStart, box.wEnd].every(Number.isInteger)) throw new RenderInputError(`patch box must have whole-pixel bounds, got ${JSON.stringify(box)}`);
  if (bottom <= top || right <= left) throw new RenderInputError(`patch box ${JSON.stringify(box)} holds no pixel of the ${height}×${width} image`);
  const patchWidth = right - left;
  const data = new Float32Array((bottom - top) * patchWidth * channels);
  for (let y = top; y < bottom; y++) {
    data.set(image.data.subarray((y * width + left) * channels, (y * width + right) * channels), (y - top) * patchWidth * channels);
  }
  return { height: bottom - top, width: patchWidth, channels, data };
}

/** Values in [0, 1] as bytes, rounded; values outside are clipped. */
function eightBit(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => (v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255)));
}

/** A box of the image as an 8-bit PNG (grey or RGB, as the image). */
export function encodePatch(image: Raster, box: PixelBox): Buffer {
  if (image.channels !== 1 && image.channels !== 3) throw new RenderInputError(`patch image must have 1 or 3 channels, got ${image.channels}`);
  const patch = cropPatch(image, box);
  return encodePng8(patch.width, patch.height, image.channels, eightBit(patch.data));
}
