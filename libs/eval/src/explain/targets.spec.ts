import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { ExplainInputError } from './errors';
import { explainableModel } from './explainable-model';
import { linearModel } from './spec-helpers';
import { requestedTargets, resolveTargets, targetSelector } from './targets';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('targets', () => {
  // Two pixels, three classes: logits (x₀, x₁, 0.5).
  const model = linearModel(
    [
      [1, 0, 0],
      [0, 1, 0],
    ],
    [0, 0, 0.5],
  );

  it('defaults to each image’s predicted class, in batches', () => {
    const images = tf.tensor4d([2, 1, 0, 3, 0, 0], [3, 1, 2, 1]);
    expect(resolveTargets('m', model, images, { batchSize: 2 })).toEqual([0, 1, 2]);
    images.dispose();
  });

  it('repeats one class, keeps one per image, and rejects wrong lengths and non-classes', () => {
    expect(requestedTargets('m', 2, 3, 3)).toEqual([2, 2, 2]);
    expect(requestedTargets('m', [0, 2], 2, 3)).toEqual([0, 2]);
    expect(requestedTargets('m', undefined, 2, 3)).toBeUndefined();
    expect(() => requestedTargets('m', [0], 2, 3)).toThrow(ExplainInputError);
    expect(() => requestedTargets('m', 3, 2, 3)).toThrow(/target 3 of image 0 is not a class index in \[0, 2\]/);
    expect(() => requestedTargets('m', [0, 1.5], 2, 3)).toThrow(ExplainInputError);
  });

  it('selects each row’s target, also for a single-logit model', () => {
    expect(targetSelector([2, 0], 3).arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(targetSelector([0, 0], 1).arraySync()).toEqual([[1], [1]]);
  });
});

describe('explainableModel', () => {
  it('gives the inference logits of the method model and its hooks, without leaking its extras', () => {
    const { model } = createMethodModel('global', { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } }, {
      inputShape: [16, 16, 1],
      classes: 3,
      seed: 2,
    });
    const explainable = explainableModel(model, 3, 'global');
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const logits = explainable.logits(images);
    expect(tf.memory().numTensors).toBe(before + 1);
    const direct = tf.tidy(() => model.forward({ images, labels: tf.tensor1d([0, 0], 'int32') }, { training: false }).logits);
    expect(Array.from(logits.dataSync())).toEqual(Array.from(direct.dataSync()));
    expect(explainable.hooks).toBe(model.explain);
    expect(explainable).toMatchObject({ classes: 3, name: 'global' });
    tf.dispose([images, logits, direct]);
    model.dispose();
  });
});
