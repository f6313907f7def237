import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import { assertWasmMatchesCpu, startWasmEngine } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { seededRng, uniform } from '../testing/random';
import { convBackprop, geometry, type Padding, type Shape4, transpose4, type WindowSpec } from '../testing/reference';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';

/**
 * The wasm Conv2DBackpropFilter (supplied) and Conv2DBackpropInput (replaced) kernels, run directly
 * with random inputs and compared with the cpu backend's kernels and with a float64 reference.
 */

interface Case {
  name: string;
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filter: [number, number];
  strides: [number, number];
  pad: Padding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'ceil' | 'round';
}

const CASES: Case[] = [
  { name: '3×3 stride 1 same, batch 1, 7×5', batch: 1, height: 7, width: 5, inChannels: 2, outChannels: 3, filter: [3, 3], strides: [1, 1], pad: 'same', dataFormat: 'NHWC' },
  { name: '3×3 stride 2 same, batch 2, 9×11', batch: 2, height: 9, width: 11, inChannels: 3, outChannels: 2, filter: [3, 3], strides: [2, 2], pad: 'same', dataFormat: 'NHWC' },
  { name: '3×3 stride 2 valid, batch 2, 7×5', batch: 2, height: 7, width: 5, inChannels: 2, outChannels: 4, filter: [3, 3], strides: [2, 2], pad: 'valid', dataFormat: 'NHWC' },
  { name: '3×3 stride 1 valid, batch 1, 9×11', batch: 1, height: 9, width: 11, inChannels: 3, outChannels: 2, filter: [3, 3], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
  { name: '2×4 stride 2 same (asymmetric padding), 8×7', batch: 1, height: 8, width: 7, inChannels: 2, outChannels: 3, filter: [2, 4], strides: [2, 2], pad: 'same', dataFormat: 'NHWC' },
  { name: '3×3 stride 2 explicit pad 1, batch 2, 7×5', batch: 2, height: 7, width: 5, inChannels: 2, outChannels: 3, filter: [3, 3], strides: [2, 2], pad: 1, dataFormat: 'NHWC' },
  { name: '5×5 stride 1 explicit pad 2, batch 3, 6×6', batch: 3, height: 6, width: 6, inChannels: 1, outChannels: 2, filter: [5, 5], strides: [1, 1], pad: 2, dataFormat: 'NHWC' },
  { name: '3×3 stride 2 explicit pad 1, ceil rounding, 6×8', batch: 1, height: 6, width: 8, inChannels: 2, outChannels: 2, filter: [3, 3], strides: [2, 2], pad: 1, dataFormat: 'NHWC', dimRoundingMode: 'ceil' },
  { name: '3×3 strides [2, 1] same, 7×6', batch: 1, height: 7, width: 6, inChannels: 3, outChannels: 2, filter: [3, 3], strides: [2, 1], pad: 'same', dataFormat: 'NHWC' },
  { name: '1×1 stride 2 valid (pixels skipped), batch 2, 7×5', batch: 2, height: 7, width: 5, inChannels: 4, outChannels: 3, filter: [1, 1], strides: [2, 2], pad: 'valid', dataFormat: 'NHWC' },
  { name: 'NCHW 3×3 stride 1 same, batch 2, 7×5', batch: 2, height: 7, width: 5, inChannels: 3, outChannels: 2, filter: [3, 3], strides: [1, 1], pad: 'same', dataFormat: 'NCHW' },
  { name: 'NCHW 3×3 stride 2 valid, batch 1, 9×11', batch: 1, height: 9, width: 11, inChannels: 2, outChannels: 3, filter: [3, 3], strides: [2, 2], pad: 'valid', dataFormat: 'NCHW' },
  { name: 'NCHW 3×3 stride 2 explicit pad 1, batch 2, 7×5', batch: 2, height: 7, width: 5, inChannels: 2, outChannels: 2, filter: [3, 3], strides: [2, 2], pad: 1, dataFormat: 'NCHW' },
];

beforeAll(startWasmEngine);

describe.each(CASES.map((c, i) => ({ ...c, seed: 100 + i })))('Conv2D backprop kernels: $name', (c) => {
  const spec: Omit<WindowSpec, 'size'> = { strides: c.strides, dilations: [1, 1], pad: c.pad, rounding: c.dimRoundingMode };
  const g = geometry(c.height, c.width, { ...spec, size: c.filter });
  const nhwc: Shape4 = [c.batch, c.height, c.width, c.inChannels];
  const dyNhwc: Shape4 = [c.batch, g.outHeight, g.outWidth, c.outChannels];
  const filterShape: Shape4 = [c.filter[0], c.filter[1], c.inChannels, c.outChannels];
  const rng = seededRng(c.seed);
  const x = uniform(rng, nhwc.reduce((a, b) => a * b));
  const dy = uniform(rng, dyNhwc.reduce((a, b) => a * b));
  const w = uniform(rng, filterShape.reduce((a, b) => a * b));
  const reference = convBackprop(x, nhwc, w, filterShape, dy, spec);
  const nchw = c.dataFormat === 'NCHW';
  // The kernels' inputs (and dx) in the case's layout.
  const layout = (values: ArrayLike<number>, shape: Shape4) => (nchw ? Array.from(transpose4(values, shape, [0, 3, 1, 2]).values) : Array.from(values));
  const layoutShape = (s: Shape4): Shape4 => (nchw ? [s[0], s[3], s[1], s[2]] : s);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat, ...(c.dimRoundingMode ? { dimRoundingMode: c.dimRoundingMode } : {}) };

  test('Conv2DBackpropFilter: wasm matches cpu and the float64 reference', async () => {
    const build = () =>
      tf.engine().runKernel(
        Conv2DBackpropFilter,
        { x: tf.tensor4d(layout(x, nhwc), layoutShape(nhwc)), dy: tf.tensor4d(layout(dy, dyNhwc), layoutShape(dyNhwc)) },
        { ...attrs, filterShape } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    const { wasm, cpu } = await assertWasmMatchesCpu(build, { names: ['dW'] });
    expect(wasm[0]!.shape).toEqual(filterShape);
    assertClose(wasm[0]!.values, reference.dw.values, { label: 'dW wasm vs float64 reference' });
    assertClose(cpu[0]!.values, reference.dw.values, { label: 'dW cpu vs float64 reference' });
  });

  test('Conv2DBackpropInput: wasm matches cpu and the float64 reference', async () => {
    const build = () =>
      tf.engine().runKernel(
        Conv2DBackpropInput,
        { dy: tf.tensor4d(layout(dy, dyNhwc), layoutShape(dyNhwc)), filter: tf.tensor4d(w, filterShape) },
        { ...attrs, inputShape: layoutShape(nhwc) } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    const { wasm } = await assertWasmMatchesCpu(build, { names: ['dx'] });
    expect(wasm[0]!.shape).toEqual(layoutShape(nhwc));
    assertClose(wasm[0]!.values, layout(reference.dx.values, nhwc), { label: 'dx wasm vs float64 reference' });
  });
});

describe('Conv2D backprop kernels through tf.grads (the engine gradient calls them)', () => {
  test.each([
    { name: 'stride 2 same', strides: [2, 2] as [number, number], dilations: [1, 1] as [number, number], pad: 'same' as Padding },
    { name: 'dilation 2 valid', strides: [1, 1] as [number, number], dilations: [2, 2] as [number, number], pad: 'valid' as Padding },
    { name: 'dilation 2 same', strides: [1, 1] as [number, number], dilations: [2, 2] as [number, number], pad: 'same' as Padding },
    { name: 'dilations [2, 1] same', strides: [1, 1] as [number, number], dilations: [2, 1] as [number, number], pad: 'same' as Padding },
    // Numeric padding only with a square effective filter: tfjs sizes both output axes from the filter height.
    { name: 'dilation 2 explicit pad 2', strides: [1, 1] as [number, number], dilations: [2, 2] as [number, number], pad: 2 as Padding },
  ])('$name: dx and dW on wasm match cpu and the reference', async ({ strides, dilations, pad }) => {
    const xShape: Shape4 = [2, 9, 7, 3];
    const wShape: Shape4 = [3, 3, 3, 4];
    const rng = seededRng(7);
    const x = uniform(rng, 2 * 9 * 7 * 3);
    const w = uniform(rng, 3 * 3 * 3 * 4);
    const g = geometry(9, 7, { size: [3, 3], strides, dilations, pad });
    const dy = uniform(rng, 2 * g.outHeight * g.outWidth * 4);
    const build = () => {
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad as 'same', 'NHWC', dilations).mul(tf.tensor4d(dy, [2, g.outHeight, g.outWidth, 4])).sum();
      return tf.grads(f)([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
    };
    const { wasm } = await assertWasmMatchesCpu(build, { names: ['dx', 'dW'] });
    const reference = convBackprop(x, xShape, w, wShape, dy, { strides, dilations, pad });
    assertClose(wasm[0]!.values, reference.dx.values, { label: 'dx vs reference' });
    assertClose(wasm[1]!.values, reference.dw.values, { label: 'dW vs reference' });
  });

  test('the wasm kernels under test are the ones the engine registered', () => {
    expect(tf.getKernel(Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilterConfig.kernelFunc);
    expect(tf.getKernel(Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2DBackpropInputConfig.kernelFunc);
  });
});
