import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { explainableModel } from './explainable-model';
import type { ExplainableModel } from './explainer';
import { gaussLegendre } from './gauss-legendre';
import { createIntegratedGradients } from './integrated-gradients';
import { expectClose, linearModel } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('gaussLegendre', () => {
  it('gives the closed-form 3-point rule mapped to [0, 1]', () => {
    // On [−1, 1]: nodes 0, ±√(3/5), weights 8/9, 5/9, 5/9 → on [0, 1]: ½ ± √(3/5)/2 and half the weights.
    const { nodes, weights } = gaussLegendre(3);
    expectClose(nodes, [0.5 - Math.sqrt(0.6) / 2, 0.5, 0.5 + Math.sqrt(0.6) / 2], 12);
    expectClose(weights, [5 / 18, 4 / 9, 5 / 18], 12);
  });

  it('integrates polynomials up to degree 2n − 1 exactly on [0, 1] (n = 50)', () => {
    const { nodes, weights } = gaussLegendre(50);
    for (const degree of [0, 1, 7, 40, 99]) {
      const integral = nodes.reduce((sum, x, i) => sum + weights[i]! * x ** degree, 0);
      expect(integral).toBeCloseTo(1 / (degree + 1), 12);
    }
    expect(nodes.every((x, i) => x > 0 && x < 1 && (i === 0 || x > nodes[i - 1]!))).toBe(true);
  });
});

describe('Integrated Gradients', () => {
  it('is exactly (x − x′)·w on a linear model, summed over channels, with zero convergence delta', async () => {
    // 1×2×1×2 image (two pixels, two channels); logits_k = Σ_p x_p·W[p][k] + b_k.
    const weights = [
      [1, -1],
      [2, 0.5],
      [-3, 1],
      [0.5, 2],
    ];
    const model = linearModel(weights, [0.3, -0.2]);
    const x = [1, 2, -1, 4];
    const images = tf.tensor4d(x, [1, 2, 1, 2]);
    // Class 0, baseline 0: pixel 0 = 1·1 + 2·2 = 5, pixel 1 = −1·−3 + 4·0.5 = 5.
    const zero = await createIntegratedGradients(model).attribute(images, { target: 0 });
    expect(zero.scale).toBe('signed');
    expectClose(zero.maps[0]!, [5, 5]);
    expect(zero.convergenceDelta![0]).toBeCloseTo(0, 4);
    // Class 1, baseline 1: pixel 0 = 0·−1 + 1·0.5 = 0.5, pixel 1 = −2·1 + 3·2 = 4.
    const one = await createIntegratedGradients(model, { baseline: 1 }).attribute(images, { target: 1, steps: 7 });
    expectClose(one.maps[0]!, [0.5, 4]);
    expect(one.convergenceDelta![0]).toBeCloseTo(0, 4);
    images.dispose();
  });

  it('integrates a gradient that changes along the path (f = Σ c·x²: IG = c·x² from baseline 0)', async () => {
    // ∂f/∂x = 2c·αx on the path αx, ∫₀¹ 2cαx dα · x = c·x².
    const quadratic: ExplainableModel = {
      classes: 1,
      logits: (images) => tf.tidy(() => tf.reshape(tf.sum(tf.mul(tf.square(images), 1.5), [1, 2, 3]), [-1, 1]) as tf.Tensor2D),
    };
    const images = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 2, 1]);
    const heatmaps = await createIntegratedGradients(quadratic).attribute(images, { steps: 2 });
    expectClose(heatmaps.maps[0]!, [1.5, 6, 13.5, 0.375], 4);
    images.dispose();
  });

  it('is complete on a small CNN: |Σ IG − (f(x) − f(0))| is small next to f(x) − f(0)', async () => {
    const { model } = createMethodModel('global', { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } }, {
      inputShape: [16, 16, 1],
      classes: 3,
      seed: 7,
    });
    const explainable = explainableModel(model, 3, 'global');
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const heatmaps = await createIntegratedGradients(explainable).attribute(images, { target: [0, 1], batchSize: 16 });
    // f(x) − f(0), independently of the method.
    const logits = explainable.logits(images).arraySync();
    const atZero = explainable.logits(tf.zerosLike(images)).arraySync();
    heatmaps.maps.forEach((map, b) => {
      const target = heatmaps.targets[b]!;
      const gain = logits[b]![target]! - atZero[b]![target]!;
      const total = map.reduce((sum, v) => sum + v, 0);
      expect(Math.abs(gain)).toBeGreaterThan(1e-3);
      expect(Math.abs(total - gain)).toBeLessThan(0.02 * Math.abs(gain) + 1e-4);
      expect(heatmaps.convergenceDelta![b]!).toBeCloseTo(total - gain, 4);
    });
    images.dispose();
    model.dispose();
  });
});
