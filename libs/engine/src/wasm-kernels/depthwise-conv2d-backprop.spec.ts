import * as tf from '@tensorflow/tfjs-core';
import { DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import { assertWasmMatchesCpu, runOn, startWasmEngine } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { seededRng, uniform } from '../testing/random';
import { convBackprop, geometry, type Padding, type Shape4, type WindowSpec } from '../testing/reference';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input';

/**
 * The supplied wasm DepthwiseConv2dNativeBackpropInput / BackpropFilter kernels, run directly on
 * random inputs, against the cpu backend's kernels and a float64 reference. With a dilation the cpu
 * kernels are no oracle (they ignore the attribute), so dilated cases are checked against the
 * reference only, and end-to-end through tf.grads (where the engine's gradient dilates the filter).
 */

interface Case {
  name: string;
  batch: number;
  height: number;
  width: number;
  channels: number;
  multiplier: number;
  filter: [number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Padding;
}

const CASES: Case[] = [
  { name: 'multiplier 1, 3×3 stride 1 same, batch 1, 7×5', batch: 1, height: 7, width: 5, channels: 3, multiplier: 1, filter: [3, 3], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  { name: 'multiplier 2, 3×3 stride 1 same, batch 2, 7×5', batch: 2, height: 7, width: 5, channels: 2, multiplier: 2, filter: [3, 3], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  { name: 'multiplier 1, 3×3 stride 2 same, batch 2, 9×11', batch: 2, height: 9, width: 11, channels: 3, multiplier: 1, filter: [3, 3], strides: [2, 2], dilations: [1, 1], pad: 'same' },
  { name: 'multiplier 2, 3×3 stride 2 valid, batch 1, 9×11', batch: 1, height: 9, width: 11, channels: 2, multiplier: 2, filter: [3, 3], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
  { name: 'multiplier 2, 3×3 stride 1 valid, batch 3, 7×5', batch: 3, height: 7, width: 5, channels: 3, multiplier: 2, filter: [3, 3], strides: [1, 1], dilations: [1, 1], pad: 'valid' },
  { name: 'multiplier 1, 2×4 stride 2 same (asymmetric padding), 8×7', batch: 1, height: 8, width: 7, channels: 2, multiplier: 1, filter: [2, 4], strides: [2, 2], dilations: [1, 1], pad: 'same' },
  { name: 'multiplier 2, 3×3 stride 2 explicit pad 1, batch 2, 7×5', batch: 2, height: 7, width: 5, channels: 2, multiplier: 2, filter: [3, 3], strides: [2, 2], dilations: [1, 1], pad: 1 },
  { name: 'multiplier 1, 5×5 stride 1 explicit pad 2, 6×6', batch: 1, height: 6, width: 6, channels: 4, multiplier: 1, filter: [5, 5], strides: [1, 1], dilations: [1, 1], pad: 2 },
  { name: 'multiplier 1, dilation 2, 3×3 same, batch 2, 9×11', batch: 2, height: 9, width: 11, channels: 3, multiplier: 1, filter: [3, 3], strides: [1, 1], dilations: [2, 2], pad: 'same' },
  { name: 'multiplier 2, dilation 2, 3×3 valid, batch 1, 9×7', batch: 1, height: 9, width: 7, channels: 2, multiplier: 2, filter: [3, 3], strides: [1, 1], dilations: [2, 2], pad: 'valid' },
];

beforeAll(startWasmEngine);

describe.each(CASES.map((c, i) => ({ ...c, seed: 200 + i })))('Depthwise backprop kernels: $name', (c) => {
  const spec: Omit<WindowSpec, 'size'> = { strides: c.strides, dilations: c.dilations, pad: c.pad };
  const g = geometry(c.height, c.width, { ...spec, size: c.filter });
  const xShape: Shape4 = [c.batch, c.height, c.width, c.channels];
  const dyShape: Shape4 = [c.batch, g.outHeight, g.outWidth, c.channels * c.multiplier];
  const filterShape: Shape4 = [c.filter[0], c.filter[1], c.channels, c.multiplier];
  const rng = seededRng(c.seed);
  const x = uniform(rng, xShape.reduce((a, b) => a * b));
  const dy = uniform(rng, dyShape.reduce((a, b) => a * b));
  const w = uniform(rng, filterShape.reduce((a, b) => a * b));
  const reference = convBackprop(x, xShape, w, filterShape, dy, spec, true);
  const dilated = c.dilations[0] > 1 || c.dilations[1] > 1;
  const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };

  const filterGrad = () =>
    tf.engine().runKernel(DepthwiseConv2dNativeBackpropFilter, { x: tf.tensor4d(x, xShape), dy: tf.tensor4d(dy, dyShape) }, {
      ...attrs,
      filterShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const inputGrad = () =>
    tf.engine().runKernel(DepthwiseConv2dNativeBackpropInput, { dy: tf.tensor4d(dy, dyShape), filter: tf.tensor4d(w, filterShape) }, {
      ...attrs,
      inputShape: xShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;

  test(`DepthwiseConv2dNativeBackpropFilter: wasm matches ${dilated ? '' : 'cpu and '}the float64 reference`, async () => {
    const wasm = dilated ? await runOn('wasm', filterGrad) : (await assertWasmMatchesCpu(filterGrad, { names: ['dW'] })).wasm;
    expect(wasm[0]!.shape).toEqual(filterShape);
    assertClose(wasm[0]!.values, reference.dw.values, { label: 'dW wasm vs float64 reference' });
  });

  test(`DepthwiseConv2dNativeBackpropInput: wasm matches ${dilated ? '' : 'cpu and '}the float64 reference`, async () => {
    const wasm = dilated ? await runOn('wasm', inputGrad) : (await assertWasmMatchesCpu(inputGrad, { names: ['dx'] })).wasm;
    expect(wasm[0]!.shape).toEqual(xShape);
    assertClose(wasm[0]!.values, reference.dx.values, { label: 'dx wasm vs float64 reference' });
  });
});

describe('depthwiseConv2d gradients through tf.grads (the engine gradient calls these kernels)', () => {
  test.each([
    { name: 'multiplier 2, stride 2 same', multiplier: 2, strides: [2, 2] as [number, number], dilations: [1, 1] as [number, number], pad: 'same' as const },
    { name: 'multiplier 1, dilation 2 same', multiplier: 1, strides: [1, 1] as [number, number], dilations: [2, 2] as [number, number], pad: 'same' as const },
    { name: 'multiplier 2, dilation 2 valid', multiplier: 2, strides: [1, 1] as [number, number], dilations: [2, 2] as [number, number], pad: 'valid' as const },
  ])('$name: dx and dW on wasm match cpu and the reference', async ({ multiplier, strides, dilations, pad }) => {
    const xShape: Shape4 = [2, 9, 7, 3];
    const wShape: Shape4 = [3, 3, 3, multiplier];
    const rng = seededRng(11);
    const x = uniform(rng, 2 * 9 * 7 * 3);
    const w = uniform(rng, 9 * 3 * multiplier);
    const g = geometry(9, 7, { size: [3, 3], strides, dilations, pad });
    const dyShape: Shape4 = [2, g.outHeight, g.outWidth, 3 * multiplier];
    const dy = uniform(rng, dyShape.reduce((a, b) => a * b));
    const build = () => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad, 'NHWC', dilations).mul(tf.tensor4d(dy, dyShape)).sum();
      return tf.grads(f)([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
    };
    const { wasm } = await assertWasmMatchesCpu(build, { names: ['dx', 'dW'] });
    const reference = convBackprop(x, xShape, w, wShape, dy, { strides, dilations, pad }, true);
    assertClose(wasm[0]!.values, reference.dx.values, { label: 'dx vs reference' });
    assertClose(wasm[1]!.values, reference.dw.values, { label: 'dW vs reference' });
  });

  test('the wasm kernels under test are the ones the engine registered', () => {
    expect(tf.getKernel(DepthwiseConv2dNativeBackpropFilter, 'wasm')?.kernelFunc).toBe(depthwiseConv2dNativeBackpropFilterConfig.kernelFunc);
    expect(tf.getKernel(DepthwiseConv2dNativeBackpropInput, 'wasm')?.kernelFunc).toBe(depthwiseConv2dNativeBackpropInputConfig.kernelFunc);
  });
});
