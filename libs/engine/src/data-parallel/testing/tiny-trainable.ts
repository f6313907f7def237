import * as tf from '@tensorflow/tfjs-core';
import type { Trainable, TrainBatch } from '../trainable';

/**
 * A tiny seeded conv net (8×8×1 → conv3×3(4)+ReLU → maxpool2 → dense(2)) for data-parallel tests:
 * small enough to train in milliseconds, with every layer kind whose gradient is averaged.
 */
export function createTinyTrainable(options: { seed: number; failOnCreate?: boolean }): Trainable {
  if (options.failOnCreate) throw new Error('tiny trainable refused to start (as asked)');
  const filter = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.5, 'float32', options.seed));
  const bias = tf.variable(tf.zeros([4]));
  const dense = tf.variable(tf.randomNormal([64, 2], 0, 0.3, 'float32', options.seed + 1));
  const variables = [filter, bias, dense];
  const optimizer = tf.train.adam(0.01);
  const loss = (batch: TrainBatch) => {
    const features = tf.maxPool(tf.relu(tf.add(tf.conv2d(batch['images'] as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'), bias) as tf.Tensor4D), 2, 2, 'valid');
    const logits = tf.matMul(tf.reshape(features, [-1, 64]), dense);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(batch['labels']!, 'int32') as tf.Tensor1D, 2), logits) as tf.Scalar;
  };
  return {
    gradients(batch) {
      const { value, grads } = tf.variableGrads(() => loss(batch), variables);
      const result = value.dataSync()[0]!;
      value.dispose();
      return { loss: result, grads: variables.map((v) => grads[v.name]!) };
    },
    applyGradients(grads) {
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    },
    weights: () => variables,
    dispose() {
      tf.dispose(variables);
      optimizer.dispose();
    },
  };
}
