import type { SampleArray } from '../pixel-codec';

/** RRR…GGG…BBB… → RGBRGB… (planar configuration 1, JPEG-LS without interleave, RLE segments). */
export function interleavePlanes<T extends SampleArray>(planar: T, pixels: number, components: number): T {
  if (components === 1) return planar;
  const out = new (planar.constructor as new (n: number) => T)(pixels * components);
  for (let c = 0; c < components; c++) {
    for (let i = 0; i < pixels; i++) out[i * components + c] = planar[c * pixels + i]!;
  }
  return out;
}
