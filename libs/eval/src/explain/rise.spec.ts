import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import type { ExplainableModel } from './explainer';
import { createRise, riseMasks, type RiseMaskSource } from './rise';
import { expectClose } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Logits (k·(mean of the pixels in rows 4–7, columns 8–11) − k/2, 0): only that square matters. */
function squareModel(k: number): ExplainableModel {
  return {
    classes: 2,
    logits: (images) =>
      tf.tidy(() => {
        const square = tf.mean(tf.slice(images, [0, 4, 8, 0], [-1, 4, 4, -1]), [1, 2, 3]);
        return tf.stack([tf.sub(tf.mul(square, k), k / 2), tf.zerosLike(square)], 1) as tf.Tensor2D;
      }),
  };
}

const inSquare = (p: number) => Math.floor(p / 16) >= 4 && Math.floor(p / 16) < 8 && p % 16 >= 8 && p % 16 < 12;

describe('RISE', () => {
  it('is S = 1/(N·p) Σ_i softmax_c(f(I ⊙ M_i))·M_i on two hand masks', async () => {
    // Logits (x₀₀ + x₁₁, 0) on I = [[1, 2],[3, 4]]:
    //   M₁ = [[1,0],[0,0]] → logit 1 → P₀ = σ(1);   M₂ = [[1,1],[0,1]] → logit 1 + 4 = 5 → P₀ = σ(5).
    // N = 2, p = ½ → S = σ(1)·M₁ + σ(5)·M₂.
    const model: ExplainableModel = {
      classes: 2,
      logits: (images) =>
        tf.tidy(() => {
          const flat = tf.reshape(images, [-1, 4]);
          const logit = tf.add(tf.slice(flat, [0, 0], [-1, 1]), tf.slice(flat, [0, 3], [-1, 1]));
          return tf.concat([logit, tf.zerosLike(logit)], 1) as tf.Tensor2D;
        }),
    };
    const hand = [
      [1, 0, 0, 0],
      [1, 1, 0, 1],
    ];
    const source: RiseMaskSource = (start, count) => tf.tensor3d(hand.slice(start, start + count).flat(), [count, 2, 2]);
    const images = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const raw = await createRise(model, { masks: 2, keepProbability: 0.5, maskSource: source, normalise: false }).attribute(images, {
      target: 0,
      batchSize: 1,
    });
    expect(raw.scale).toBe('signed');
    expectClose(raw.maps[0]!, [sigmoid(1) + sigmoid(5), sigmoid(5), 0, sigmoid(5)], 5);
    const scaled = await createRise(model, { masks: 2, keepProbability: 0.5, maskSource: source }).attribute(images, { target: 0 });
    const top = sigmoid(1) + sigmoid(5);
    expectClose(scaled.maps[0]!, [1, sigmoid(5) / top, 0, sigmoid(5) / top], 5);
    images.dispose();
  });

  it("makes masks in [0, 1] whose mean is near the keep probability, the same for the same seed", () => {
    const masks = riseMasks(3, 4, 0.3)(0, 200, 16, 12);
    expect(masks.shape).toEqual([200, 16, 12]);
    const values = Array.from(masks.dataSync());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.3, 1);
    // Mask 150 does not depend on the chunk it was made in.
    const again = riseMasks(3, 4, 0.3)(150, 1, 16, 12);
    expectClose(again.dataSync(), tf.slice(masks, 150, 1).dataSync(), 6);
    tf.dispose([masks, again]);
  });

  it('crops each mask from the bilinearly upsampled grid at a shift below one cell', () => {
    // s = 2 on 4×4 images: cell 2, grid upsampled to 6×6, crop at a shift in {0, 1}². Brute force: some
    // 2×2 binary grid and shift must reproduce the mask, with the upsampling done here by hand.
    const resize = (grid: number[][], size: number) => {
      const axis = (o: number, n: number) => {
        const source = Math.min(Math.max((o + 0.5) * (n / size) - 0.5, 0), n - 1);
        const low = Math.floor(source);
        return { low, high: Math.min(low + 1, n - 1), fraction: source - low };
      };
      return Array.from({ length: size }, (_, r) =>
        Array.from({ length: size }, (_, c) => {
          const y = axis(r, grid.length);
          const x = axis(c, grid.length);
          const row = (i: number) => grid[i]![x.low]! * (1 - x.fraction) + grid[i]![x.high]! * x.fraction;
          return row(y.low) * (1 - y.fraction) + row(y.high) * y.fraction;
        }),
      );
    };
    const masks = riseMasks(9, 2, 0.5)(0, 6, 4, 4);
    const values = masks.arraySync();
    for (const mask of values) {
      const matches = Array.from({ length: 16 }, (_, bits) => [
        [bits & 1, (bits >> 1) & 1],
        [(bits >> 2) & 1, (bits >> 3) & 1],
      ]).some((grid) => {
        const up = resize(grid, 6);
        return [0, 1].some((dy) => [0, 1].some((dx) => mask.every((row, r) => row.every((v, c) => Math.abs(v - up[r + dy]![c + dx]!) < 1e-5))));
      });
      expect(matches).toBe(true);
    }
    masks.dispose();
  });

  it('rates the one region the class depends on above the rest, repeatably for a seed', async () => {
    const images = tf.ones([1, 16, 16, 1]) as tf.Tensor4D;
    const explainer = createRise(squareModel(6), { masks: 300, cells: 4 });
    const progress: number[] = [];
    const first = await explainer.attribute(images, { seed: 1, batchSize: 64, target: 0, onProgress: (done) => progress.push(done) });
    const map = first.maps[0]!;
    const mean = (keep: (p: number) => boolean) => {
      const values = Array.from(map).filter((_, p) => keep(p));
      return values.reduce((s, v) => s + v, 0) / values.length;
    };
    expect(mean(inSquare)).toBeGreaterThan(mean((p) => !inSquare(p)) + 0.3);
    expect(progress[progress.length - 1]).toBe(300);
    const second = await explainer.attribute(images, { seed: 1, batchSize: 100, target: 0 });
    expectClose(second.maps[0]!, map, 5);
    images.dispose();
  });
});
