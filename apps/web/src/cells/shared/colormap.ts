/**
 * The jet colour map (blue → cyan → yellow → red) as three clipped ramps, the same shape the server's
 * overlays use, so an activation map drawn here reads like a heatmap PNG from the server.
 */
export function jet(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const ramp = (centre: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * x - centre))));
  return [ramp(3), ramp(2), ramp(1)];
}

/** RGBA bytes of a row-major map, scaled min → 0 and max → 1 (a constant map is drawn at 0). */
export function heatmapRgba(values: readonly number[], min: number, max: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  const span = max - min;
  values.forEach((value, i) => {
    const [r, g, b] = jet(span > 0 ? (value - min) / span : 0);
    out.set([r, g, b, 255], i * 4);
  });
  return out;
}
