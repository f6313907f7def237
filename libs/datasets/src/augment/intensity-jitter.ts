import type { Raster } from '../image/raster';

/** y = clamp((x − mean)·contrast + mean + brightness) over all channels, in place. */
export function applyIntensityJitter(image: Raster, brightness: number, contrast: number): void {
  const { data } = image;
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i]!;
  mean /= data.length || 1;
  for (let i = 0; i < data.length; i++) {
    const v = (data[i]! - mean) * contrast + mean + brightness;
    data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
