import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { UnsupportedModelError } from './errors';
import { explainableModel } from './explainable-model';
import { createGradCam } from './gradcam';
import { createHam } from './ham';
import { expectClose, identityFeatureModel, image, pooledLinearHead } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } };
const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 3, seed: 5 };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('HAM', () => {
  it('without refinement equals Grad-CAM on a GAP + linear model', async () => {
    // For y_c = Σ_k w_kc·mean_ij(A_k,ij) + b_c, ∂y_c/∂A_k,ij = w_kc/(h·w) at every cell, so Grad-CAM's
    // weight of channel k is w_kc/(h·w): its map is HAM's CAM ReLU(Σ_k w_kc A_k) divided by the positive
    // constant h·w, which min-max scaling removes.
    // Seed 7, class 1: a random network whose maps are not flat (a flat map would make the comparison empty).
    const { model } = createMethodModel('global', small, { ...context, seed: 7 });
    const explainable = explainableModel(model, 3, 'global');
    const images = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
    const options = { target: 1, batchSize: 2 };
    const ham = await createHam(explainable, { refine: false }).attribute(images, options);
    const gradCam = await createGradCam(explainable).attribute(images, options);
    ham.maps.forEach((map) => expect(Math.max(...map)).toBeCloseTo(1, 5));
    ham.maps.forEach((map, b) => expectClose(map, gradCam.maps[b]!, 4));
    tf.dispose(images);
    model.dispose();
  });

  it('sharpens the normalised map to sigmoid(100·(A − 0.4))', async () => {
    // Features = the image, one channel, weight 2: CAM = ReLU(2·A) → min-max [[0, .4],[.41, 1]].
    const model = identityFeatureModel(1, pooledLinearHead([[2]], [0.5]), {
      pooledClassifier: () => ({ weights: tf.tensor2d([[2]]), bias: tf.tensor1d([0.5]) }),
    });
    const input = image([
      [0, 40],
      [41, 100],
    ]);
    const refined = await createHam(model).attribute(input);
    expectClose(refined.maps[0]!, [sigmoid(-40), 0.5, sigmoid(1), sigmoid(60)], 6);
    const plain = await createHam(model).attribute(input, { refine: false });
    expectClose(plain.maps[0]!, [0, 0.4, 0.41, 1], 6);
    expect(refined.scale).toBe('unit');
  });

  it('takes the target class column of the pooled classifier', async () => {
    // Two channels, weights [[1, 0],[0, 1]]: class 1's CAM is channel 1 alone.
    const model = identityFeatureModel(2, pooledLinearHead([[1, 0], [0, 1]]), {
      pooledClassifier: () => ({ weights: tf.tensor2d([[1, 0], [0, 1]]), bias: tf.zeros([2]) as tf.Tensor1D }),
    });
    const input = tf.tensor4d([1, 0, 2, 4, 3, 2, 4, 0], [1, 2, 2, 2]);
    const heatmaps = await createHam(model, { refine: false }).attribute(input, { target: 1 });
    expectClose(heatmaps.maps[0]!, [0, 1, 0.5, 0]);
  });

  it('refuses a model without a pooled linear classifier, naming the model', async () => {
    const { model } = createMethodModel('protopnet', { ...small, prototypesPerClass: 2, prototypeDepth: 8 }, context);
    const explainable = explainableModel(model, 3, 'protopnet');
    const images = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D;
    await expect(createHam(explainable).attribute(images)).rejects.toThrow(UnsupportedModelError);
    await expect(createHam(explainable).attribute(images)).rejects.toThrow(/'protopnet'.*pooled linear classifier/);
    tf.dispose(images);
    model.dispose();
  });
});
