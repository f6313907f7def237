import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import type { ExplainableModel } from './explainer';
import { createMdm } from './mdm';
import { expectClose } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** Logits (k·(mean of rows 4–7, columns 8–11) − k/2, 0): class 0 depends on that 4×4 square only. */
const squareModel: ExplainableModel = {
  classes: 2,
  logits: (images) =>
    tf.tidy(() => {
      const square = tf.mean(tf.slice(images, [0, 4, 8, 0], [-1, 4, 4, -1]), [1, 2, 3]);
      return tf.stack([tf.sub(tf.mul(square, 8), 4), tf.zerosLike(square)], 1) as tf.Tensor2D;
    }),
};

const inSquare = (p: number) => Math.floor(p / 16) >= 4 && Math.floor(p / 16) < 8 && p % 16 >= 8 && p % 16 < 12;

describe('MDM', () => {
  it('concentrates the map on the only region the decision depends on, repeatably for a seed', async () => {
    // Textured images so a blur-free zero baseline removes information everywhere alike.
    const images = tf.randomUniform([2, 16, 16, 1], 0.5, 1, 'float32', 4) as tf.Tensor4D;
    const explainer = createMdm(squareModel, { iterations: 80, baseline: 0 });
    const heatmaps = await explainer.attribute(images, { target: 0, seed: 3, batchSize: 8 });
    expect(heatmaps.scale).toBe('unit');
    for (const map of heatmaps.maps) {
      const peak = map.indexOf(Math.max(...map));
      expect(inSquare(peak)).toBe(true);
      const total = map.reduce((s, v) => s + v, 0);
      const inside = map.reduce((s, v, p) => s + (inSquare(p) ? v : 0), 0);
      // The square is 1/16 of the image; coarse masks cannot resolve it (a 2×2 grid upsampled spreads
      // over half the image), so the mean over scales holds ≈ 1/3 of its mass there — over 4× its share.
      expect(inside / total).toBeGreaterThan(0.25);
    }
    // Batched differently (one image per chunk instead of two): the same masks.
    const again = await explainer.attribute(images, { target: 0, seed: 3, batchSize: 4 });
    again.maps.forEach((map, b) => expectClose(map, heatmaps.maps[b]!, 5));
    images.dispose();
  });
});
