import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../engine';
import { trainLoop } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import type { MethodBatch } from '../method';
import { createMethodModel, MethodConfigError } from '../registry';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** 16×16 grey images: class 1 has a bright 5×5 square somewhere, class 0 has none. */
function squares(seed: number, batches: number) {
  return {
    batchCount: batches,
    *batches(epoch: number): Iterable<MethodBatch> {
      for (let i = 0; i < batches; i++) {
        const s = seed * 100 + i + (epoch === 0 ? 0 : 0);
        const labels = Array.from({ length: 8 }, (_, k) => (k + i) % 2);
        const images = tf.tidy(() => {
          const noise = tf.randomUniform([8, 16, 16, 1], 0, 0.3, 'float32', s);
          const masks = labels.map((label, k) => {
            const y = (k * 5 + i * 3 + s) % 11;
            const x = (k * 7 + i) % 11;
            return tf.pad(tf.fill([5, 5, 1], label), [[y, 11 - y], [x, 11 - x], [0, 0]]);
          });
          return tf.add(noise, tf.stack(masks)) as tf.Tensor4D;
        });
        yield { images, labels: tf.tensor1d(labels, 'int32') };
      }
    },
  };
}

describe('global method', () => {
  it('validates its config with documented defaults and rejects unknown keys', () => {
    const { config, model } = createMethodModel('global', {}, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(config).toMatchObject({ backbone: { name: 'small-cnn' }, learningRate: 1e-3, weightDecay: 1e-4 });
    model.dispose();
    expect(() => createMethodModel('global', { learningrate: 1 }, { inputShape: [16, 16, 1], classes: 2, seed: 1 })).toThrow(MethodConfigError);
    expect(() => createMethodModel('nope', {}, { inputShape: [16, 16, 1], classes: 2, seed: 1 })).toThrow(/use one of: global/);
  });

  it('learns to tell images with a bright square from images without', async () => {
    const { model } = createMethodModel(
      'global',
      { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, learningRate: 0.003 },
      { inputShape: [16, 16, 1], classes: 2, seed: 3 },
    );
    const summary = await trainLoop({ model, train: squares(1, 6), val: squares(2, 2), epochs: 6, evaluate: accuracy, selectBy: 'val/accuracy', onEvent: () => undefined });
    expect(summary.final['val/accuracy']).toBeGreaterThanOrEqual(0.9);
    model.dispose();
  }, 60_000);
});
