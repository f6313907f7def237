import * as tf from '@tensorflow/tfjs-core';
import type { MethodBatch } from '../method';
import { prototypeDistances } from './prototype-distances';

export interface PruneOptions {
  /** The training split without augmentation; its batches are disposed here. */
  batches: () => Iterable<MethodBatch>;
  latent: (images: tf.Tensor4D) => tf.Tensor4D;
  prototypes: tf.Tensor2D;
  prototypeClass: number[];
  /** Neighbours per prototype (ProtoPNet: 6). */
  k: number;
  /** A prototype with fewer own-class neighbours than this is pruned (ProtoPNet: 3). */
  threshold: number;
}

export interface PruneDecision {
  prototype: number;
  /** Labels of the k training images whose nearest patch is closest to the prototype, nearest first. */
  neighbourLabels: number[];
  ownClassNeighbours: number;
  prune: boolean;
}

/**
 * ProtoPNet's pruning rule: for every prototype, the k training images whose best-matching patch is
 * nearest to it (one patch per image); a prototype with fewer than `threshold` of them from its own
 * class represents background or another class's evidence, and is pruned.
 */
export function decidePruning(options: PruneOptions): PruneDecision[] {
  const m = options.prototypeClass.length;
  const nearest: { distance: number; label: number }[][] = Array.from({ length: m }, () => []);
  for (const batch of options.batches()) {
    const distances = tf.tidy(() => {
      const d = prototypeDistances(options.latent(batch.images), options.prototypes);
      const [b, h, w] = d.shape;
      return tf.min(tf.reshape(d, [b, h * w, m]), 1);
    });
    const values = distances.dataSync();
    const labels = batch.labels.dataSync();
    for (let i = 0; i < labels.length; i++) {
      for (let j = 0; j < m; j++) {
        const list = nearest[j]!;
        list.push({ distance: values[i * m + j]!, label: labels[i]! });
        if (list.length > options.k * 4) {
          list.sort((a, b) => a.distance - b.distance);
          list.length = options.k;
        }
      }
    }
    tf.dispose([distances, batch.images, batch.labels, ...(batch.pairedImages ? [batch.pairedImages] : [])]);
  }
  return nearest.map((list, j) => {
    const neighbourLabels = [...list].sort((a, b) => a.distance - b.distance).slice(0, options.k).map((n) => n.label);
    const ownClassNeighbours = neighbourLabels.filter((label) => label === options.prototypeClass[j]).length;
    return { prototype: j, neighbourLabels, ownClassNeighbours, prune: ownClassNeighbours < options.threshold };
  });
}
