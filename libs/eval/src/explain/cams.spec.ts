import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { UnsupportedModelError } from './errors';
import type { ExplainableModel } from './explainer';
import { createGradCam } from './gradcam';
import { createGradCamPlusPlus } from './gradcampp';
import { createLayerCam } from './layercam';
import { expectClose, identityFeatureModel, pooledLinearHead } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** A [1, 2, 2, 2] image from its two channels. */
function twoChannels(first: number[][], second: number[][]): tf.Tensor4D {
  const values = first.flat().flatMap((v, i) => [v, second.flat()[i]!]);
  return tf.tensor4d(values, [1, 2, 2, 2]);
}

/**
 * logits_k = Σ_c u_ck · Σ_ij A_ijc² / 2, so ∂y_k/∂A_ijc = u_ck·A_ijc: a gradient that varies across
 * cells (and is 0 where A is), unlike a pooled linear head's.
 */
function quadraticHeadModel(u: number[][]): ExplainableModel {
  return identityFeatureModel(u[0]!.length, (features) =>
    tf.tidy(() => tf.div(tf.matMul(tf.sum(tf.square(features), [1, 2]) as tf.Tensor2D, tf.tensor2d(u)), 2) as tf.Tensor2D),
  );
}

describe('Grad-CAM', () => {
  // Features = the image: A⁰ = [[1,2],[3,4]], A¹ = [[4,0],[0,0]]; head GAP·V with V = [[1,0],[−2,1]].
  // ∂y_k/∂A^c_ij = V[c][k]/(h·w) = V[c][k]/4, so the weights are V's column over 4.
  const features = () => twoChannels([[1, 2], [3, 4]], [[4, 0], [0, 0]]);
  const model = identityFeatureModel(2, pooledLinearHead([[1, 0], [-2, 1]]));

  it('weighs channels by the mean gradient, applies the ReLU and min-max scales (GAP + linear head)', async () => {
    // Class 0: w = (¼, −½) → ¼A⁰ − ½A¹ = [[−1.75, 0.5],[0.75, 1]] → ReLU → [[0, 0.5],[0.75, 1]] (already 0…1).
    // Class 1: w = (0, ¼) → [[1, 0],[0, 0]].
    const heatmaps = await createGradCam(model).attribute(tf.concat([features(), features()]), { target: [0, 1] });
    expect(heatmaps).toMatchObject({ height: 2, width: 2, targets: [0, 1], scale: 'unit' });
    expectClose(heatmaps.maps[0]!, [0, 0.5, 0.75, 1]);
    expectClose(heatmaps.maps[1]!, [1, 0, 0, 0]);
  });

  it('explains the predicted class by default', async () => {
    // GAP = (2.5, 1): logits (2.5 − 2, 1) = (0.5, 1) → class 1.
    const heatmaps = await createGradCam(model).attribute(features());
    expect(heatmaps.targets).toEqual([1]);
    expectClose(heatmaps.maps[0]!, [1, 0, 0, 0]);
  });

  it('upsamples a coarse map bilinearly with half-pixel centres', async () => {
    // Features = 2×2 average pooling of a 4×4 image, built so the pooled channels are A⁰ and A¹ above.
    const pooled = identityFeatureModel(2, pooledLinearHead([[1, 0], [-2, 1]]), {
      features: (images) => tf.avgPool(images, 2, 2, 'valid'),
    });
    pooled.logits = (images) => pooled.hooks!.logitsFromFeatures(pooled.hooks!.features(images));
    const big = tf.image.resizeNearestNeighbor(features(), [4, 4]);
    // Class-0 map [[0, 0.5],[0.75, 1]]; 2 → 4 along an axis weighs the two cells (1,0), (¾,¼), (¼,¾), (0,1).
    // Columns: [0, .125, .375, .5] and [.75, .8125, .9375, 1]; rows mix those the same way.
    const heatmaps = await createGradCam(pooled).attribute(big, { target: 0 });
    expect([heatmaps.height, heatmaps.width]).toEqual([4, 4]);
    expectClose(heatmaps.maps[0]!, [
      [0, 0.125, 0.375, 0.5],
      [0.1875, 0.296875, 0.515625, 0.625],
      [0.5625, 0.640625, 0.796875, 0.875],
      [0.75, 0.8125, 0.9375, 1],
    ].flat());
  });

  it('weighs by the mean of a gradient that varies across cells (quadratic head)', async () => {
    // A⁰ = [[1,2],[0,1]], A¹ = [[3,0],[1,0]], u = (1, ½): g⁰ = A⁰, g¹ = ½A¹; w = (mean g⁰, mean g¹) = (1, ½).
    // A⁰ + ½A¹ = [[2.5, 2],[0.5, 1]] → (· − 0.5)/2 = [[1, 0.75],[0, 0.25]].
    const heatmaps = await createGradCam(quadraticHeadModel([[1], [0.5]])).attribute(twoChannels([[1, 2], [0, 1]], [[3, 0], [1, 0]]));
    expectClose(heatmaps.maps[0]!, [1, 0.75, 0, 0.25]);
  });

  it('gives an all-zero map when the ReLU leaves nothing', async () => {
    // Class 0 with V = [[−1],[−1]] on non-negative features: every cell is negative.
    const negative = identityFeatureModel(1, pooledLinearHead([[-1], [-1]]));
    const heatmaps = await createGradCam(negative).attribute(features());
    expect(Array.from(heatmaps.maps[0]!)).toEqual([0, 0, 0, 0]);
  });

  it('refuses a model without explain hooks, naming it', async () => {
    const bare: ExplainableModel = { classes: 2, name: 'multiview', logits: () => tf.zeros([1, 2]) as tf.Tensor2D };
    await expect(createGradCam(bare).attribute(features())).rejects.toThrow(UnsupportedModelError);
    await expect(createGradCam(bare).attribute(features())).rejects.toThrow(/'multiview'.*explain hooks/);
  });
});

describe('Grad-CAM++', () => {
  it('follows α = g²/(2g² + (Σ_ab A)·g³ + ε) with α = 0 where g = 0, and w = Σ α·ReLU(g)', async () => {
    // A⁰ = [[1,2],[0,1]] (Σ = 4), A¹ = [[3,0],[1,0]] (Σ = 4); u = (1, ½) → g⁰ = A⁰, g¹ = ½A¹ = [[1.5,0],[0.5,0]].
    // Channel 0: α(g=1) = 1/(2 + 4) = 1/6, α(g=2) = 4/(8 + 32) = 1/10, α(g=0) = 0 → w₀ = 1/6 + 2/10 + 1/6 = 8/15.
    // Channel 1: α(1.5) = 2.25/(4.5 + 13.5) = 1/8, α(0.5) = 0.25/(0.5 + 0.5) = 1/4 → w₁ = 1.5/8 + 0.5/4 = 5/16.
    // Map ×240: 8/15·A⁰ + 5/16·A¹ = [[128 + 225, 256],[75, 128]] = [[353, 256],[75, 128]]
    // → min-max: [[1, 181/278],[0, 53/278]] (Grad-CAM gives [[1, .75],[0, .25]] on the same input).
    const model = quadraticHeadModel([[1], [0.5]]);
    const heatmaps = await createGradCamPlusPlus(model).attribute(twoChannels([[1, 2], [0, 1]], [[3, 0], [1, 0]]));
    expectClose(heatmaps.maps[0]!, [1, 181 / 278, 0, 53 / 278]);
  });

  it('ignores negative gradients entirely (ReLU(g) = 0 even where α is large or negative)', async () => {
    // u = (1, −1): g¹ = −A¹ ≤ 0, so w₁ = 0 although α¹ is non-zero there; the map is A⁰'s, min-max: [[.5, 1],[0, .5]].
    const model = quadraticHeadModel([[1], [-1]]);
    const heatmaps = await createGradCamPlusPlus(model).attribute(twoChannels([[1, 2], [0, 1]], [[3, 0], [1, 0]]));
    expectClose(heatmaps.maps[0]!, [0.5, 1, 0, 0.5]);
  });
});

describe('Layer-CAM', () => {
  it('weighs every cell by its own positive gradient: ReLU(Σ_k ReLU(g)·A)', async () => {
    // u = [[1, −1],[½, 1]] (rows: channels; columns: classes). Class 0: g = (A⁰, ½A¹) ≥ 0 →
    // A⁰² + ½A¹² = [[1 + 4.5, 4],[0 + 0.5, 1]] = [[5.5, 4],[0.5, 1]] → min-max [[1, .7],[0, .1]].
    // Class 1: g⁰ = −A⁰ is clipped, g¹ = A¹ → A¹² = [[9, 0],[1, 0]] → [[1, 0],[1/9, 0]].
    const model = quadraticHeadModel([[1, -1], [0.5, 1]]);
    const input = twoChannels([[1, 2], [0, 1]], [[3, 0], [1, 0]]);
    const heatmaps = await createLayerCam(model).attribute(tf.concat([input, input]), { target: [0, 1], batchSize: 1 });
    expectClose(heatmaps.maps[0]!, [1, 0.7, 0, 0.1]);
    expectClose(heatmaps.maps[1]!, [1, 0, 1 / 9, 0]);
  });
});
