import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { CONV2D_BIAS_ACTIVATION, CONV2D_BIAS_ACTIVATION_BIAS_GRAD, CONV2D_BIAS_ACTIVATION_FILTER_GRAD, CONV2D_BIAS_ACTIVATION_GRAD } from './kernels';
import { assertClose, onBackend, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';
import { type ConvolutionCase, referenceConvolution } from './testing/reference-convolution';

/**
 * Convolution + bias + activation as one recorded op (kernel Conv2DBiasActivation and its native
 * backward) against (1) a float64 convolution written out here and central finite differences of
 * L = Σ r·f on it (h = 1e-6 in float64, so the differences are exact to ~1e-8 away from ReLU's kink),
 * and (2) the unfused tfjs ops conv2d → add → activation on the cpu backend, values and gradients.
 */

type Case = ConvolutionCase & { name: string };

const CASES: Case[] = [
  { name: '3×3 same stride 1, batch 2, relu', x: [2, 5, 6, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same', dilation: 1, activation: 'relu' },
  { name: '3×3 valid stride 2, batch 1, odd 7×9, sigmoid', x: [1, 7, 9, 2], filter: [3, 3, 2, 3], stride: 2, pad: 'valid', dilation: 1, activation: 'sigmoid' },
  { name: '4×4 same stride 2 (uneven padding), relu', x: [1, 7, 6, 2], filter: [4, 4, 2, 3], stride: 2, pad: 'same', dilation: 1, activation: 'relu' },
  { name: '3×3 same dilation 2, relu', x: [1, 9, 7, 2], filter: [3, 3, 2, 2], stride: 1, pad: 'same', dilation: 2, activation: 'relu' },
  { name: '3×3 same dilation 2, one input channel (its own input-gradient loop), 21 channels, relu', x: [2, 9, 7, 1], filter: [3, 3, 1, 21], stride: 1, pad: 'same', dilation: 2, activation: 'relu' },
  { name: '3×3 padding 1 on every side, linear', x: [2, 5, 5, 2], filter: [3, 3, 2, 2], stride: 1, pad: 1, dilation: 1, activation: 'linear' },
  { name: '1×1 valid, batch 1, relu', x: [1, 4, 3, 5], filter: [1, 1, 5, 2], stride: 1, pad: 'valid', dilation: 1, activation: 'relu' },
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const fused = (c: Case, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
  tf.engine().runKernel(CONV2D_BIAS_ACTIVATION, { x, filter: w, bias: b }, { strides: c.stride, pad: c.pad, dilations: c.dilation, activation: c.activation }) as tf.Tensor;

const unfused = (c: Case, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
  const z = tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation), b);
  return c.activation === 'relu' ? tf.relu(z) : c.activation === 'sigmoid' ? tf.sigmoid(z) : z;
};

function startValues(c: Case, index: number): number[][] {
  return [seededValues(10 * index + 1, size(c.x)), seededValues(10 * index + 2, size(c.filter), -0.5, 0.5), seededValues(10 * index + 3, c.filter[3], -0.2, 0.2)];
}

describeNative('torch conv2d + bias + activation (one op in training)', () => {
  beforeAll(startTorchAndCpu);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: values and gradients against float64 finite differences', async (_name, c, index) => {
    const [x, w, b] = startValues(c, index) as [number[], number[], number[]];
    const expected = referenceConvolution(c, x, w, b);
    const r = seededValues(999, size(expected.shape));
    const loss = (xv: number[], wv: number[], bv: number[]) => referenceConvolution(c, xv, wv, bv).y.reduce((sum, y, i) => sum + r[i]! * y, 0);

    await tf.setBackend('torch');
    resetTorchFallbacks();
    const [value] = plainCopies(() => [fused(c, tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]]))]);
    const grads = plainCopies(() =>
      tf.grads((xt, wt, bt) => tf.sum(tf.mul(fused(c, xt!, wt!, bt!), tf.tensor(r, expected.shape))))([tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]])]),
    );
    expect(torchFallbacks().calls).toBe(0);

    assertClose(value!, { shape: expected.shape, dtype: 'float32', values: expected.y }, `${c.name}: value`, 1e-4, 1e-5);
    const h = 1e-6;
    const starts = [x, w, b];
    starts.forEach((start, i) => {
      const numeric = start.map((v, k) => {
        const up = starts.map((s) => s.slice());
        const down = starts.map((s) => s.slice());
        up[i]![k] = v + h;
        down[i]![k] = v - h;
        return (loss(...(up as [number[], number[], number[]])) - loss(...(down as [number[], number[], number[]]))) / (2 * h);
      });
      assertClose(grads[i]!, { shape: [c.x, c.filter, [c.filter[3]]][i]!, dtype: 'float32', values: numeric }, `${c.name}: gradient ${['x', 'filter', 'bias'][i]}`, 1e-3, 1e-4);
    });
  });

  it.each(CASES.filter((c) => c.dilation === 1).map((c) => [c.name, c, CASES.indexOf(c)] as const))(
    '%s: equals the unfused conv2d → add → activation on the cpu backend',
    async (_name, c, index) => {
      const [x, w, b] = startValues(c, index) as [number[], number[], number[]];
      const r = tf.tidy(() => unfused(c, tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]])).shape);
      const weights = seededValues(998, size(r));
      const run = (op: typeof fused) => () => {
        const inputs = [tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]])];
        const { value, grads } = tf.valueAndGrads((xt, wt, bt) => tf.sum(tf.mul(op(c, xt!, wt!, bt!), tf.tensor(weights, r))))(inputs);
        return [op(c, inputs[0]!, inputs[1]!, inputs[2]!), value, ...grads];
      };
      const ours = await onBackend('torch', run(fused));
      const theirs = await onBackend('cpu', run(unfused));
      ['value', 'loss', 'gradient x', 'gradient filter', 'gradient bias'].forEach((label, i) => assertClose(ours[i]!, theirs[i]!, `${c.name}: ${label}`, 1e-4, 1e-5));
    },
  );

  it('records one op each way, and no input gradient when only the filter and bias are differentiated', async () => {
    await tf.setBackend('torch');
    const c = CASES[0]!;
    const [x, w, b] = startValues(c, 0) as [number[], number[], number[]];
    const kernelsOf = async (wrt: 'all' | 'weights'): Promise<string[]> => {
      const profile = await tf.profile(() => {
        const images = tf.tensor(x, c.x);
        const filter = tf.tensor(w, c.filter);
        const bias = tf.tensor(b, [c.filter[3]]);
        const f = (xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => tf.sum(fused(c, xt, wt, bt));
        const grads = wrt === 'all' ? tf.grads(f)([images, filter, bias]) : tf.grads((wt, bt) => f(images, wt!, bt!))([filter, bias]);
        tf.dispose([images, filter, bias, ...grads]);
      });
      return profile.kernelNames;
    };
    const all = await kernelsOf('all');
    expect(all).toEqual(expect.arrayContaining([CONV2D_BIAS_ACTIVATION, CONV2D_BIAS_ACTIVATION_GRAD, 'Conv2DBackpropInput']));
    expect(all).not.toContain('Relu');
    expect(all).not.toContain('Conv2DBackpropFilter');
    expect(all).not.toContain('Add');
    const weightsOnly = await kernelsOf('weights');
    expect(weightsOnly).toContain(CONV2D_BIAS_ACTIVATION_GRAD);
    expect(weightsOnly).not.toContain('Conv2DBackpropInput');
  });

  it.each([[['x']], [['filter']], [['bias']], [['filter', 'bias']], [['x', 'bias']]] as const)(
    'differentiating %j alone: float64 finite differences, only the kernels it needs, no tensor left behind',
    async (wrt) => {
      const names = ['x', 'filter', 'bias'] as const;
      for (const [index, c] of CASES.entries()) {
        const [x, w, b] = startValues(c, index) as [number[], number[], number[]];
        const expected = referenceConvolution(c, x, w, b);
        const r = seededValues(999, size(expected.shape));
        const starts = [x, w, b];
        const shapes = [c.x, c.filter, [c.filter[3]]];
        await tf.setBackend('torch');
        const before = tf.memory().numTensors;
        let grads: ReturnType<typeof plainCopies> = [];
        const profile = await tf.profile(() => {
          const inputs = starts.map((v, i) => tf.tensor(v, shapes[i]));
          const wanted = wrt.map((name) => names.indexOf(name));
          grads = plainCopies(() =>
            tf.grads((...chosen: tf.Tensor[]) => {
              const all = inputs.map((t, i) => (wanted.includes(i) ? chosen[wanted.indexOf(i)]! : t));
              return tf.sum(tf.mul(fused(c, all[0]!, all[1]!, all[2]!), tf.tensor(r, expected.shape)));
            })(wanted.map((i) => inputs[i]!)),
          );
          tf.dispose(inputs);
        });
        expect(tf.memory().numTensors).toBe(before);
        const kernels = profile.kernelNames;
        expect(kernels.includes(CONV2D_BIAS_ACTIVATION_FILTER_GRAD)).toBe(wrt.includes('filter' as never));
        expect(kernels.includes(CONV2D_BIAS_ACTIVATION_BIAS_GRAD)).toBe(wrt.includes('bias' as never));
        expect(kernels.includes('Conv2DBackpropInput')).toBe(wrt.includes('x' as never));
        const loss = (values: number[][]) => referenceConvolution(c, values[0]!, values[1]!, values[2]!).y.reduce((sum, y, i) => sum + r[i]! * y, 0);
        const h = 1e-6;
        wrt.forEach((name, g) => {
          const i = names.indexOf(name);
          const numeric = starts[i]!.map((v, k) => {
            const up = starts.map((s) => s.slice());
            const down = starts.map((s) => s.slice());
            up[i]![k] = v + h;
            down[i]![k] = v - h;
            return (loss(up) - loss(down)) / (2 * h);
          });
          assertClose(grads[g]!, { shape: shapes[i]!, dtype: 'float32', values: numeric }, `${c.name}: gradient ${name}`, 1e-3, 1e-4);
        });
      }
    },
  );

  it('names what it does not cover', async () => {
    await tf.setBackend('torch');
    const attempt = (attrs: Record<string, unknown>, biasSize = 2) =>
      tf.tidy(() => tf.engine().runKernel(CONV2D_BIAS_ACTIVATION, { x: tf.ones([1, 4, 4, 1]), filter: tf.ones([3, 3, 1, 2]), bias: tf.ones([biasSize]) }, attrs as tf.NamedAttrMap));
    expect(() => attempt({ strides: 1, pad: 'same', dilations: 1, activation: 'elu' })).toThrow(/takes activation linear, relu or sigmoid, not 'elu'/);
    expect(() => attempt({ strides: 1, pad: 'same', dilations: 1, activation: 'relu' }, 3)).toThrow(/needs a bias of \[2\], got \[3\]/);
    expect(() => attempt({ strides: 1, pad: 'same', dilations: 1, activation: 'relu', dataFormat: 'NCHW' })).toThrow(/covers NHWC convolutions/);
  });
});
