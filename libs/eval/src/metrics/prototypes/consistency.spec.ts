import { initEngine } from '@protoscope/engine';
import { prototypeConsistency } from './consistency';
import type { PartActivation, PartKeypoint } from './part-coverage';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// 7 × 7 maps on 21 × 21 images: a latent peak at (r, c) has its upsampled maximum exactly at pixel
// (3r + 1, 3c + 1) (an exact ×3 resize), and the default half-size is round(36 · 21/224) = 3.
const options = { mapSize: { height: 7, width: 7 }, imageSize: { height: 21, width: 21 } };

function peakAt(row: number, col: number): Float32Array {
  const map = new Float32Array(49);
  map[row * 7 + col] = 1;
  return map;
}

/** Latent peak at (1, 1) → region rows/columns 1–7. Part A at (4, 4) is inside; (18, 18) is outside. */
const onA: PartKeypoint = { x: 4, y: 4, visible: true };
const offA: PartKeypoint = { x: 18, y: 18, visible: true };
const hidden: PartKeypoint = { x: 4, y: 4, visible: false };
const farB: PartKeypoint = { x: 18, y: 2, visible: true };

function image(a: PartKeypoint, b: PartKeypoint): PartActivation {
  return { map: peakAt(1, 1), parts: [a, b] };
}

describe('prototypeConsistency', () => {
  it('scores hand-built prototypes, including the 0.8 boundary and 0/0 frequencies', async () => {
    const result = await prototypeConsistency(
      [
        // A covered on 4 of 5 images → 0.8 ≥ 0.8: consistent. B never covered.
        [image(onA, farB), image(onA, farB), image(onA, farB), image(onA, farB), image(offA, farB)],
        // A invisible once: covered 3 of the 4 visible → 0.75: not consistent.
        [image(onA, farB), image(onA, farB), image(onA, farB), image(offA, farB), image(hidden, farB)],
        // No image at all: every frequency 0/0 = 0 → not consistent.
        [],
        // B never visible (0/0 → 0), A on both → consistent.
        [image(onA, { x: 4, y: 4, visible: false }), image(onA, { x: 0, y: 0, visible: false })],
      ],
      options,
    );
    expect(result.perPrototype.map((p) => p.frequencies)).toEqual([
      [0.8, 0],
      [0.75, 0],
      [0, 0],
      [1, 0],
    ]);
    expect(result.perPrototype.map((p) => p.consistent)).toEqual([true, false, false, true]);
    expect(result.perPrototype.map((p) => p.images)).toEqual([5, 5, 0, 2]);
    expect(result.score).toBe(50);
  });

  it('honours a custom frequency threshold', async () => {
    const prototypes = [[image(onA, farB), image(onA, farB), image(offA, farB), image(offA, farB)]];
    expect((await prototypeConsistency(prototypes, options)).score).toBe(0);
    expect((await prototypeConsistency(prototypes, { ...options, frequencyThreshold: 0.5 })).score).toBe(100);
  });

  it('rejects empty input and a threshold outside [0, 1]', async () => {
    await expect(prototypeConsistency([], options)).rejects.toThrow(/no prototypes/);
    await expect(prototypeConsistency([[]], options)).rejects.toThrow(/no prototype has any image/);
    await expect(prototypeConsistency([[image(onA, farB)]], { ...options, frequencyThreshold: 80 })).rejects.toThrow(
      /frequencyThreshold is 80/,
    );
  });
});
