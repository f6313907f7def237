import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { BATCH_NORM_TRAINING } from './kernels';
import { seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * 200 training steps of a small network that uses the reference workload's kernels (conv + bias +
 * ReLU, max-pool, 1×1 conv + sigmoid, matmul, min-pool distances, softmax cross-entropy, Adam) and
 * ResNet's batch norm in training mode must leave tfjs's tensor count and the addon's live libtorch
 * tensors where they were after the first step: every tensor tfjs disposes is freed in libtorch.
 */

const STEPS = 200;

function smallNetwork() {
  const v = (shape: number[], seed: number, scale: number) => tf.variable(tf.tensor(seededValues(seed, shape.reduce((a, b) => a * b, 1), -scale, scale), shape));
  const weights = {
    conv1: v([3, 3, 1, 8], 1, 0.4),
    bias1: v([8], 2, 0.1),
    conv2: v([3, 3, 8, 16], 3, 0.2),
    gamma2: v([16], 9, 1),
    beta2: v([16], 10, 0.1),
    bias2: v([16], 4, 0.1),
    addOn: v([1, 1, 16, 8], 5, 0.3),
    prototypes: v([6, 8], 6, 1),
    last: v([6, 2], 7, 1),
  };
  const images = tf.tensor(seededValues(8, 4 * 16 * 16, 0, 1), [4, 16, 16, 1]) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
  const loss = () => {
    let x = tf.fused.conv2d({ x: images, filter: weights.conv1 as tf.Tensor4D, bias: weights.bias1, strides: 1, pad: 'same', activation: 'relu' });
    x = tf.maxPool(x, 2, 2, 'valid');
    x = tf.fused.conv2d({ x, filter: weights.conv2 as tf.Tensor4D, bias: weights.bias2, strides: 1, pad: 'same' });
    // Batch norm in training mode (ResNet's), three outputs forward and three gradients backward.
    const [normalised] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma: weights.gamma2, beta: weights.beta2 }, { epsilon: 1e-5 }) as tf.Tensor4D[];
    x = tf.relu(normalised!);
    x = tf.maxPool(x, 2, 2, 'valid');
    const z = tf.sigmoid(tf.conv2d(x, weights.addOn as tf.Tensor4D, 1, 'valid')).reshape([4 * 16, 8]);
    const distances = tf.relu(z.square().sum(1, true).sub(tf.matMul(z, weights.prototypes, false, true).mul(2)).add(weights.prototypes.square().sum(1)));
    const nearest = distances.reshape([4, 16, 6]).min(1);
    const logits = tf.matMul(tf.log(nearest.add(1).div(nearest.add(1e-4))), weights.last);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  };
  const optimizer = tf.train.adam(1e-2);
  return {
    step: () => {
      const value = optimizer.minimize(loss, true)!;
      const number = value.dataSync()[0]!;
      value.dispose();
      return number;
    },
    dispose: () => {
      tf.dispose([...Object.values(weights), images, labels]);
      optimizer.dispose();
    },
  };
}

describeNative('torch backend memory', () => {
  beforeAll(startTorchAndCpu);

  it(`keeps tfjs tensors and libtorch tensors flat over ${STEPS} training steps, with no cpu fallback`, async () => {
    await tf.setBackend('torch');
    const network = smallNetwork();
    const live = () => (tf.memory() as tf.MemoryInfo & { liveTensors: number }).liveTensors;
    // The addon lives once per process: in a test run sharing the process, tensors of earlier test
    // files' backends may still be live in it. Count only what this backend adds.
    const unowned = () => live() - tf.engine().backend.numDataIds();
    const unownedAtStart = unowned();
    const first = network.step();
    const tensorsAfterFirst = tf.memory().numTensors;
    const liveAfterFirst = live();
    resetTorchFallbacks();
    let last = first;
    for (let i = 1; i < STEPS; i++) last = network.step();
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(live()).toBe(liveAfterFirst);
    // Every libtorch tensor made here belongs to a tfjs data id: none leaked inside the addon.
    expect(unowned()).toBe(unownedAtStart);
    expect(torchFallbacks()).toEqual({ calls: 0, kernels: {} });
    expect(last).toBeLessThan(first);

    network.dispose();
    expect(unowned()).toBe(unownedAtStart);
  });
});
