import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { addStabilityNoise, stabilityNoise } from './stability-noise';
import { prototypeStability } from './stability';
import type { PartKeypoint } from './part-coverage';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// As in the consistency spec: 7 × 7 → 21 × 21, peak (r, c) → pixel (3r + 1, 3c + 1), half-size 3.
const options = { mapSize: { height: 7, width: 7 }, imageSize: { height: 21, width: 21 } };

function peakAt(row: number, col: number): Float32Array {
  const map = new Float32Array(49);
  map[row * 7 + col] = 1;
  return map;
}

// Parts: A at pixel (4, 4) (inside the box of latent (1, 1) and of latent (2, 2)), B at (16, 16) (inside
// the box of latent (5, 5) only).
const parts: PartKeypoint[] = [
  { x: 4, y: 4, visible: true },
  { x: 16, y: 16, visible: true },
];

describe('prototypeStability', () => {
  it('counts images whose covered-part vector survives the noise', async () => {
    const result = await prototypeStability(
      [
        [
          { clean: peakAt(1, 1), noisy: peakAt(1, 1), parts }, // same peak: stable
          { clean: peakAt(1, 1), noisy: peakAt(2, 2), parts }, // moved, still covers A only: stable
          { clean: peakAt(1, 1), noisy: peakAt(5, 5), parts }, // A → B: unstable
        ],
        // Covers A clean, nothing at latent (3, 6) → pixel (10, 19), box rows 7–13: unstable.
        [{ clean: peakAt(1, 1), noisy: peakAt(3, 6), parts }],
        // Covers nothing either way, though the peak moved: stable.
        [{ clean: peakAt(6, 0), noisy: peakAt(0, 6), parts }],
      ],
      options,
    );
    expect(result.perPrototype).toEqual([2 / 3, 0, 1]);
    expect(result.score).toBeCloseTo((100 * (2 / 3 + 0 + 1)) / 3, 10);
  });

  it('refuses a prototype without images (its fraction would be 0/0)', async () => {
    await expect(prototypeStability([[]], options)).rejects.toThrow(/prototypes\[0\] has no image/);
    await expect(
      prototypeStability([[{ clean: peakAt(1, 1), noisy: new Float32Array(3), parts }]], options),
    ).rejects.toThrow(/prototypes\[0\]\[0\]\.noisy/);
  });
});

describe('stability noise', () => {
  it('is N(0, 0.2²) clipped to ±0.25: bounds, clipped mass and second moment match the closed form', () => {
    // With a = 0.25/0.2 = 1.25, Φ(a) = 0.8943502, φ(a) = 0.1826491 (tables):
    //   P(clipped) = 2(1 − Φ(a)) = 0.2112996
    //   E[Y²] = σ²((2Φ(a) − 1) − 2aφ(a)) + 2c²(1 − Φ(a)) = 0.0132831 + 0.0132062 = 0.0264893.
    const n = 200_000;
    const noise = stabilityNoise(n, 7);
    let clipped = 0;
    let sum = 0;
    let squares = 0;
    let largest = 0;
    for (const value of noise) {
      largest = Math.max(largest, Math.abs(value));
      if (Math.abs(value) === 0.25) clipped++;
      sum += value;
      squares += value * value;
    }
    expect(largest).toBe(0.25);
    // Margins of about 5 standard errors of each estimate at n = 200 000.
    expect(Math.abs(clipped / n - 0.2112996)).toBeLessThan(0.005);
    expect(Math.abs(sum / n)).toBeLessThan(0.002);
    expect(Math.abs(squares / n - 0.0264893)).toBeLessThan(0.0008);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    expect(stabilityNoise(101, 3)).toEqual(stabilityNoise(101, 3));
    const other = stabilityNoise(101, 4);
    expect(stabilityNoise(101, 3).some((v, i) => v !== other[i])).toBe(true);
    expect(() => stabilityNoise(4, -1)).toThrow(/seed is -1/);
  });

  it('adds exactly that noise to the normalised tensor', () => {
    const images = tf.fill([2, 3, 3, 3], 0.5) as tf.Tensor4D;
    const noisy = addStabilityNoise(images, 11);
    const expected = stabilityNoise(54, 11);
    const values = noisy.dataSync();
    expected.forEach((n, i) => expect(values[i]).toBeCloseTo(0.5 + n, 6));
    expect(noisy.shape).toEqual([2, 3, 3, 3]);
    tf.dispose([images, noisy]);
  });
});
