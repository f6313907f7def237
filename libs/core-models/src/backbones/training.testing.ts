import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from './backbone';

/** A scalar loss that depends on every output channel and cell: features · a fixed random tensor. */
function lossOf(backbone: Backbone, images: tf.Tensor4D, weights: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(backbone.apply(images, { training: true }), weights));
}

function fixedInputs(backbone: Backbone, shape: [number, number, number, number]) {
  const images = tf.randomUniform(shape, 0, 1, 'float32', 11) as tf.Tensor4D;
  const [h, w] = backbone.outputSize([shape[1], shape[2]]);
  const weights = tf.randomNormal([shape[0], h, w, backbone.outChannels], 0, 1, 'float32', 12);
  return { images, weights };
}

/** Every trainable variable gets a gradient with some non-zero entry. */
export function expectGradientsEverywhere(backbone: Backbone, shape: [number, number, number, number]): void {
  const { images, weights } = fixedInputs(backbone, shape);
  const variables = backbone.params.trainable();
  const { value, grads } = tf.variableGrads(() => lossOf(backbone, images, weights), variables);
  const silent = variables
    .filter((v) => tf.tidy(() => tf.max(tf.abs(grads[v.name]!)).dataSync()[0]!) === 0)
    .map((v) => backbone.params.nameOf(v));
  expect(silent).toEqual([]);
  expect(Object.keys(grads)).toHaveLength(variables.length);
  tf.dispose([value, grads, images, weights]);
}

/** SGD-with-momentum steps (the optimiser makes its slots on step 1) leave the tensor count unchanged. */
export function expectStableMemory(backbone: Backbone, shape: [number, number, number, number], steps: number): void {
  const { images, weights } = fixedInputs(backbone, shape);
  const optimizer = tf.train.momentum(0.01, 0.9);
  const step = () => optimizer.minimize(() => lossOf(backbone, images, weights), true, backbone.params.trainable())?.dispose();
  step();
  const after = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) step();
  expect(tf.memory().numTensors).toBe(after);
  optimizer.dispose();
  tf.dispose([images, weights]);
}
