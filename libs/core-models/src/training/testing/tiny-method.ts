import * as tf from '@tensorflow/tfjs-core';
import type { MethodBatch, MethodModel, TrainingPhase } from '../../methods/method';
import type { BatchSource } from '../train-loop';

/**
 * A two-phase logistic regression on 4×4 images (class 1 = bright images): `head/*` trains alone in
 * the warm-up epoch, then `body/gain` joins. `nanAtStep` poisons the loss of that optimisation step.
 */
export function createTinyMethod(options: { seed: number; nanAtStep?: number }): MethodModel {
  // Initial values made inside tidy are freed once the variables hold copies.
  const [gain, w, b] = tf.tidy(() => [
    tf.variable(tf.scalar(1)),
    tf.variable(tf.randomNormal([16, 2], 0, 0.1, 'float32', options.seed)),
    tf.variable(tf.zeros([2])),
  ]);
  const variables = new Map<string, tf.Variable>([
    ['body/gain', gain!],
    ['head/w', w!],
    ['head/b', b!],
  ]);
  let step = 0;
  return {
    variables: () => variables,
    forward(b: MethodBatch) {
      const x = tf.mul(tf.reshape(b.images, [-1, 16]), variables.get('body/gain')!);
      return { logits: tf.add(tf.matMul(x, variables.get('head/w')!), variables.get('head/b')!) as tf.Tensor2D, extras: {} };
    },
    loss(b, output) {
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(b.labels, 2), output.logits) as tf.Scalar;
      const poisoned = options.nanAtStep === step++;
      return { total: poisoned ? (tf.mul(ce, NaN) as tf.Scalar) : ce, terms: { ce } };
    },
    phase(e): TrainingPhase {
      return e === 0
        ? { name: 'warm-up', groups: [{ prefix: 'head/', learningRate: 0.05 }] }
        : { name: 'joint', groups: [{ prefix: 'head/', learningRate: 0.05 }, { prefix: 'body/', learningRate: 0.01 }], stepDecay: { stepEpochs: 1, gamma: 0.5 } };
    },
    dispose: () => tf.dispose([...variables.values()]),
  };
}

/** Seeded batches of bright (label 1) and dark (label 0) 4×4 images; order reshuffled per epoch. */
export function tinySource(seed: number, batches = 4, batchSize = 8): BatchSource {
  return {
    batchCount: batches,
    *batches(epoch: number) {
      for (let i = 0; i < batches; i++) {
        const s = seed * 1000 + ((epoch * 7 + i * 13) % 97);
        const labels = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([batchSize], 0, 1, 'float32', s), 0.5), 'int32')) as tf.Tensor1D;
        const images = tf.tidy(() =>
          tf.add(tf.randomUniform([batchSize, 4, 4, 1], 0, 0.6, 'float32', s + 1), tf.reshape(tf.mul(tf.cast(labels, 'float32'), 0.4), [batchSize, 1, 1, 1])),
        ) as tf.Tensor4D;
        yield { images, labels };
      }
    },
  };
}

export function accuracy(probabilities: number[][], labels: number[]): Record<string, number> {
  const correct = probabilities.filter((p, i) => (p[1]! > p[0]! ? 1 : 0) === labels[i]).length;
  return { accuracy: correct / Math.max(labels.length, 1) };
}
