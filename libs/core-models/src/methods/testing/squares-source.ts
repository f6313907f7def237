import * as tf from '@tensorflow/tfjs-core';
import type { BatchSource } from '../../training/train-loop';
import type { MethodBatch } from '../method';

/**
 * Seeded 16×16 grey images for method tests: class 1 has a bright 5×5 square somewhere, class 0 none.
 * Ids are `<seed>-<batch>-<row>`, the same every epoch.
 */
export function squaresSource(seed: number, batches: number, batchSize = 8): BatchSource {
  return {
    batchCount: batches,
    *batches(): Iterable<MethodBatch> {
      for (let i = 0; i < batches; i++) {
        const s = seed * 100 + i;
        const labels = Array.from({ length: batchSize }, (_, k) => (k + i) % 2);
        const images = tf.tidy(() => {
          const noise = tf.randomUniform([batchSize, 16, 16, 1], 0, 0.3, 'float32', s);
          const squares = labels.map((label, k) => {
            const y = (k * 5 + i * 3 + s) % 11;
            const x = (k * 7 + i) % 11;
            return tf.pad(tf.fill([5, 5, 1], label), [[y, 11 - y], [x, 11 - x], [0, 0]]);
          });
          return tf.add(noise, tf.stack(squares)) as tf.Tensor4D;
        });
        yield { images, labels: tf.tensor1d(labels, 'int32'), ids: labels.map((_, k) => `${seed}-${i}-${k}`) };
      }
    },
  };
}
