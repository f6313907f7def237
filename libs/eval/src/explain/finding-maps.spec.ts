import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { type ExplainHooks } from '@protoscope/core-models';
import type { ExplainableModel } from './explainer';
import { createFindingMaps } from './finding-maps';

beforeAll(async () => {
  await initEngine({ backend: 'cpu', log: () => undefined });
});

/** A model whose feature map is the image itself and whose finding maps are its channels: every map is known. */
function identityModel(scale: 'probability' | 'activation'): ExplainableModel {
  const hooks: ExplainHooks = {
    features: (images) => tf.clone(images),
    logitsFromFeatures: (features) => tf.mean(features, [1, 2]) as tf.Tensor2D,
    receptiveField: () => (h, w) => ({ hStart: h, hEnd: h + 1, wStart: w, wEnd: w + 1 }),
    findingMaps: { names: ['a', 'b'], scale, maps: (features) => tf.clone(features), presence: (features) => tf.max(features, [1, 2]) as tf.Tensor2D },
  };
  return { classes: 2, hooks, logits: (images) => hooks.logitsFromFeatures(images), name: 'identity' };
}

// One 2×2 image, channel a = (0.1, 0.7, 0.2, 0.4), channel b = (0.3, 0.2, 0.9, 0).
const image = () => tf.tensor4d([0.1, 0.3, 0.7, 0.2, 0.2, 0.9, 0.4, 0], [1, 2, 2, 2]);

describe('finding maps', () => {
  it('gives a probability map as it is, and the union as the pixel-wise max', async () => {
    const explainer = createFindingMaps(identityModel('probability'));
    expect(Array.from((await explainer.attribute(image(), { finding: 0 })).maps[0]!)).toEqual([0.1, 0.7, 0.2, 0.4].map((v) => expect.closeTo(v, 6)));
    expect(Array.from((await explainer.attribute(image(), { finding: 1 })).maps[0]!)).toEqual([0.3, 0.2, 0.9, 0].map((v) => expect.closeTo(v, 6)));
    expect(Array.from((await explainer.attribute(image())).maps[0]!)).toEqual([0.3, 0.7, 0.9, 0.4].map((v) => expect.closeTo(v, 6)));
  });

  it('min-max normalises an activation map', async () => {
    const heatmaps = await createFindingMaps(identityModel('activation')).attribute(image(), { finding: 0, target: 1 });
    // (v − 0.1) / (0.7 − 0.1).
    expect(Array.from(heatmaps.maps[0]!)).toEqual([0, 1, 1 / 6, 0.5].map((v) => expect.closeTo(v, 5)));
    expect(heatmaps.targets).toEqual([1]);
    expect(heatmaps.scale).toBe('unit');
  });

  it('names a finding index out of range, and a model without maps of its own', async () => {
    await expect(createFindingMaps(identityModel('probability')).attribute(image(), { finding: 2 })).rejects.toThrow(
      "finding-maps: finding 2 is not an index of the model's findings (0–1: a, b)",
    );
    const plain = identityModel('probability');
    await expect(createFindingMaps({ ...plain, hooks: { ...plain.hooks!, findingMaps: undefined } }).attribute(image())).rejects.toThrow("finding-maps cannot explain the model 'identity': it has no maps of its own per finding");
  });
});
