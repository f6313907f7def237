import * as tf from '@tensorflow/tfjs-core';
import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  MaxPoolGrad,
  UnsortedSegmentSum,
} from '@tensorflow/tfjs-core';
import { startWasmEngine } from './testing/backends';
import { integers, seededRng, uniform } from './testing/random';

/**
 * Memory stays bounded on wasm: the tensor count and the wasm backend's own data ids do not grow over
 * training steps, and every supplied or replaced kernel frees the intermediates it makes.
 *
 * Growth is measured directly, so tfjs's own per-kernel leak check (`IS_TEST`, set by the Jest setup)
 * is switched off here: it reports the tensors a custom-gradient op saves for its backward pass (e.g.
 * tf.losses.softmaxCrossEntropy) as leaks, although nothing grows.
 */

interface WasmBackendCounts {
  numDataIds(): number;
}

const dataIds = () => (tf.backend() as unknown as WasmBackendCounts).numDataIds();

let isTest = false;
beforeAll(async () => {
  await startWasmEngine();
  await tf.setBackend('wasm');
  isTest = tf.env().getBool('IS_TEST');
  tf.env().set('IS_TEST', false);
});
afterAll(() => tf.env().set('IS_TEST', isTest));

test('20 Adam steps of a small conv net leave tf.memory().numTensors and the wasm data ids unchanged', () => {
  expect(tf.getBackend()).toBe('wasm');
  const rng = seededRng(900);
  const batch = 4;
  const classes = 3;
  const xs = tf.tensor4d(uniform(rng, batch * 12 * 12, 0, 1), [batch, 12, 12, 1]);
  const labels = tf.tensor1d(integers(rng, batch, 0, classes - 1), 'int32');
  const v = (shape: number[], name: string) => tf.variable(tf.tensor(uniform(rng, shape.reduce((a, b) => a * b), -0.3, 0.3), shape), true, name);
  const params = {
    w1: v([3, 3, 1, 4], 'w1'),
    b1: v([4], 'b1'),
    dw: v([3, 3, 4, 2], 'dw'),
    w2: v([3, 3, 8, 6], 'w2'),
    prototypes: v([classes, 6], 'prototypes'),
    wd: v([6, classes], 'wd'),
    bd: v([classes], 'bd'),
  };
  const optimizer = tf.train.adam(0.01);

  // conv+bias+relu → 3×3/2 max-pool → depthwise (multiplier 2) → dilated conv+relu → global mean →
  // dense + softmax cross-entropy, plus a prototype pull through gather (UnsortedSegmentSum).
  const loss = (): tf.Scalar => {
    let h = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(xs, params.w1 as tf.Tensor4D, 1, 'same'), params.b1));
    h = tf.maxPool(h, 3, 2, 'same');
    h = tf.depthwiseConv2d(h, params.dw as tf.Tensor4D, 1, 'same');
    h = tf.relu(tf.conv2d(h, params.w2 as tf.Tensor4D, 1, 'same', 'NHWC', 2));
    const features = tf.mean(h, [1, 2]) as tf.Tensor2D;
    const logits = tf.matMul(features, params.wd).add(params.bd);
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits);
    const pull = tf.mean(tf.sum(tf.square(features.sub(tf.gather(params.prototypes, labels))), 1));
    return ce.add(pull.mul(0.1));
  };
  const step = (): number => {
    const cost = optimizer.minimize(loss, true, Object.values(params));
    const value = cost!.dataSync()[0]!;
    cost!.dispose();
    return value;
  };

  const first = step();
  const afterFirst = { tensors: tf.memory().numTensors, dataIds: dataIds() };
  let last = first;
  for (let i = 2; i <= 20; i++) last = step();
  const afterTwentieth = { tensors: tf.memory().numTensors, dataIds: dataIds() };

  expect(afterTwentieth).toEqual(afterFirst);
  expect(Number.isFinite(last)).toBe(true);
  expect(last).toBeLessThan(first);

  optimizer.dispose();
  tf.dispose([xs, labels, ...Object.values(params)]);
});

describe('supplied and replaced wasm kernels free their intermediates', () => {
  const rng = seededRng(950);
  const r = (shape: number[]) => tf.tensor(uniform(rng, shape.reduce((a, b) => a * b)), shape);
  const kernels: { name: string; run: () => tf.Tensor }[] = [
    { name: 'Conv2DBackpropFilter NHWC', run: () => tf.engine().runKernel(Conv2DBackpropFilter, { x: r([2, 7, 5, 3]), dy: r([2, 4, 3, 2]) }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 2] }) as tf.Tensor },
    { name: 'Conv2DBackpropFilter NCHW', run: () => tf.engine().runKernel(Conv2DBackpropFilter, { x: r([2, 3, 7, 5]), dy: r([2, 2, 7, 5]) }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 2] }) as tf.Tensor },
    { name: 'Conv2DBackpropInput NHWC', run: () => tf.engine().runKernel(Conv2DBackpropInput, { dy: r([2, 4, 3, 2]), filter: r([3, 3, 3, 2]) }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 7, 5, 3] }) as tf.Tensor },
    { name: 'Conv2DBackpropInput NCHW', run: () => tf.engine().runKernel(Conv2DBackpropInput, { dy: r([2, 2, 7, 5]), filter: r([3, 3, 3, 2]) }, { strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 7, 5] }) as tf.Tensor },
    { name: 'DepthwiseConv2dNativeBackpropFilter', run: () => tf.engine().runKernel(DepthwiseConv2dNativeBackpropFilter, { x: r([2, 7, 5, 3]), dy: r([2, 7, 5, 6]) }, { strides: 1, dilations: 1, pad: 'same', filterShape: [3, 3, 3, 2] }) as tf.Tensor },
    { name: 'DepthwiseConv2dNativeBackpropInput, multiplier 2', run: () => tf.engine().runKernel(DepthwiseConv2dNativeBackpropInput, { dy: r([2, 7, 5, 6]), filter: r([3, 3, 3, 2]) }, { strides: 1, dilations: 1, pad: 'same', inputShape: [2, 7, 5, 3] }) as tf.Tensor },
    { name: 'MaxPoolGrad', run: () => { const x = r([2, 7, 5, 3]); return tf.engine().runKernel(MaxPoolGrad, { dy: r([2, 4, 3, 3]), input: x, output: tf.maxPool(x as tf.Tensor4D, 3, 2, 'same') }, { filterSize: 3, strides: 2, pad: 'same' }) as tf.Tensor; } },
    { name: 'UnsortedSegmentSum float32', run: () => tf.engine().runKernel(UnsortedSegmentSum, { x: r([6, 3]), segmentIds: tf.tensor1d([0, 2, 2, 1, 7, -1], 'int32') }, { numSegments: 4 }) as tf.Tensor },
    { name: 'UnsortedSegmentSum int32', run: () => tf.engine().runKernel(UnsortedSegmentSum, { x: tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), segmentIds: tf.tensor1d([1, 0, 1], 'int32') }, { numSegments: 2 }) as tf.Tensor },
    { name: 'Sum over leading axes', run: () => tf.sum(r([3, 5, 4]), [0, 1]) },
    { name: 'BatchMatMul with transposes', run: () => tf.matMul(r([2, 7, 5]), r([2, 3, 7]), true, true) },
    { name: '_FusedMatMul with transposes', run: () => tf.fused.matMul({ a: r([7, 5]), b: r([3, 7]), transposeA: true, transposeB: true, bias: r([3]), activation: 'relu' }) },
  ];

  test.each(kernels)('$name', ({ run }) => {
    // Warm up once (first calls may set up state), then count.
    tf.tidy(run);
    const before = { tensors: tf.memory().numTensors, dataIds: dataIds() };
    for (let i = 0; i < 3; i++) tf.tidy(() => void run().dataSync());
    expect({ tensors: tf.memory().numTensors, dataIds: dataIds() }).toEqual(before);
  });
});
