import type * as tf from '@tensorflow/tfjs-core';

/** A batch: named tensors that all share their first (batch) axis. */
export type TrainBatch = Record<string, tf.Tensor>;

/**
 * What data-parallel training needs of a model: gradients of its mean loss over a batch (in a fixed
 * variable order) and a way to apply averaged gradients. Each replica builds its own from the same
 * factory and seed, so all start with the same weights and stay equal by applying the same updates.
 */
export interface Trainable {
  gradients(batch: TrainBatch): { loss: number; grads: tf.Tensor[] };
  applyGradients(grads: tf.Tensor[]): void;
  /** The current weights, in the same order as the gradients (to check that replicas agree). */
  weights(): tf.Tensor[];
  dispose(): void;
}

/**
 * Where a replica finds its model: a module exporting a factory function, called with `options`
 * (plain JSON) in every replica. A module path rather than a closure, because worker threads share
 * no code with the main thread.
 */
export interface TrainableFactoryRef {
  modulePath: string;
  exportName: string;
  options: unknown;
}

export function loadTrainable(ref: TrainableFactoryRef): Trainable {
  const module = require(ref.modulePath) as Record<string, unknown>;
  const factory = module[ref.exportName];
  if (typeof factory !== 'function') throw new Error(`${ref.modulePath} exports no function '${ref.exportName}'`);
  return (factory as (options: unknown) => Trainable)(ref.options);
}
