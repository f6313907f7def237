import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from './registry';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } };
const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 3, seed: 5 };
const protoConfig = { ...small, prototypesPerClass: 2, prototypeDepth: 8 };

describe.each([
  ['global', small],
  ['protopnet', protoConfig],
  ['braix-protopnet-pp', protoConfig],
  ['evalprotopnet', protoConfig],
  ['fopro', small],
])('explain hooks of %s', (id, config) => {
  it('split the inference forward pass at the backbone without changing the logits', () => {
    const { model } = createMethodModel(id, config, context);
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const whole = model.forward({ images, labels: tf.tensor1d([0, 1], 'int32') }, { training: false }).logits;
    const split = model.explain!.logitsFromFeatures(model.explain!.features(images));
    expect(Array.from(split.dataSync())).toEqual(Array.from(whole.dataSync()).map((v) => expect.closeTo(v, 5)));
    model.dispose();
  });

  it('give prototype evidence that reproduces the logits, and a pooled classifier that does (for its branch)', () => {
    const { model } = createMethodModel(id, config, context);
    const hooks = model.explain!;
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const features = hooks.features(images);
    const logits = hooks.logitsFromFeatures(features).arraySync();
    // Independent recomposition: Σ_j max(similarity map j)·w_jk (+ the pooled linear branch, if any).
    const expected = [0, 1].map(() => [0, 0, 0]);
    if (hooks.prototypes) {
      const evidence = tf.max(hooks.prototypes.similarityMaps(features), [1, 2]).arraySync() as number[][];
      const weights = hooks.prototypes.classWeights().arraySync();
      expect(hooks.prototypes.classOf).toEqual([0, 0, 1, 1, 2, 2]);
      expect(hooks.prototypes.active()).toEqual(new Array(6).fill(true));
      evidence.forEach((row, b) => row.forEach((e, j) => weights[j]!.forEach((w, k) => (expected[b]![k]! += e * w))));
    }
    if (hooks.pooledClassifier) {
      const { weights, bias } = hooks.pooledClassifier();
      const pooled = tf.mean(features, [1, 2]).arraySync() as number[][];
      const w = weights.arraySync();
      const b0 = bias.arraySync();
      pooled.forEach((row, b) => [0, 1, 2].forEach((k) => (expected[b]![k]! += b0[k]! + row.reduce((s, v, c) => s + v * w[c]![k]!, 0))));
    }
    expect(logits.flat()).toEqual(expected.flat().map((v) => expect.closeTo(v, 4)));
    const box = hooks.receptiveField([16, 16])(0, 0);
    expect(box.hStart).toBe(0);
    expect(box.wStart).toBe(0);
    model.dispose();
  });
});
