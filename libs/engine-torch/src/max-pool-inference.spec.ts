import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { loadTorchAddon } from './native-addon';
import { type Plain, assertClose, onBackend, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * Max-pooling keeps its argmax beside the output only while a gradient tape records. An output made
 * outside any tape (inference) has none, so a MaxPoolGrad asked of it finds the maxima again; both
 * ways must give the cpu backend's values, the first maximum of a tie taking the gradient.
 */

const SHAPE = [2, 6, 5, 3];
// Integer values 0–2: many ties inside each window.
const VALUES = seededValues(31, SHAPE.reduce((a, b) => a * b, 1), 0, 3).map(Math.floor);

function gradientOfInferenceOutput(): tf.Tensor[] {
  const x = tf.tensor4d(VALUES, SHAPE as [number, number, number, number]);
  // Made with no tape recording: no indices are cached beside y.
  const y = tf.maxPool(x, 3, 2, 'same');
  const dy = tf.tensor(seededValues(32, y.size), y.shape);
  const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 3, strides: 2, pad: 'same' }) as tf.Tensor;
  return [y, dx];
}

describeNative('torch backend max-pooling outside a tape', () => {
  beforeAll(startTorchAndCpu);

  it('a MaxPoolGrad of an output made in inference equals the cpu backend (ties: the first maximum)', async () => {
    const expected: Plain[] = await onBackend('cpu', gradientOfInferenceOutput);
    resetTorchFallbacks();
    const actual = await onBackend('torch', gradientOfInferenceOutput);
    expect(torchFallbacks().calls).toBe(0);
    actual.forEach((a, k) => assertClose(a, expected[k]!, `output ${k}`, 0, 1e-6));
  });

  it('the same pooling under tf.grad (indices cached) gives the same gradient', async () => {
    const recorded = () => {
      const x = tf.tensor4d(VALUES, SHAPE as [number, number, number, number]);
      const dy = tf.tensor(seededValues(32, 2 * 3 * 3 * 3), [2, 3, 3, 3]);
      return [tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, 3, 2, 'same'), dy)))(x)];
    };
    const [fromInference] = await onBackend('torch', () => gradientOfInferenceOutput()[1]!);
    const [underTape] = await onBackend('torch', recorded);
    assertClose(underTape!, fromInference!, 'gradient', 0, 1e-6);
  });

  // Outside a tape MaxPool runs the engine's own NHWC kernel (no indices); these compare it with a
  // window-by-window maximum written here, tfjs's padding resolved by the formula in its docs.
  const cases: { name: string; shape: [number, number, number, number]; size: number; stride: number; pad: 'same' | 'valid' }[] = [
    { name: '2×2 stride 2 valid, 16 channels', shape: [2, 6, 6, 16], size: 2, stride: 2, pad: 'valid' },
    { name: '3×3 stride 2 same (uneven padding), 37 channels, batch 1', shape: [1, 7, 5, 37], size: 3, stride: 2, pad: 'same' },
    { name: '2×2 stride 3 valid (stride beyond the window)', shape: [3, 9, 8, 5], size: 2, stride: 3, pad: 'valid' },
    { name: '4×4 stride 1 same (padding more than half the window)', shape: [1, 4, 5, 3], size: 4, stride: 1, pad: 'same' },
  ];
  for (const { name, shape, size, stride, pad } of cases) {
    it(`max-pool ${name} equals the windows' maxima`, async () => {
      const values = seededValues(41, shape.reduce((a, b) => a * b, 1), -3, 3);
      const [actual] = await onBackend('torch', () => tf.maxPool(tf.tensor4d(values, shape), size, stride, pad));
      const expected = windowMaxima(values, shape, size, stride, pad);
      expect(actual!.shape).toEqual(expected.shape);
      expect(actual!.values).toEqual(expected.values);
    });
  }

  it('under a tape the gradient goes where the forward found each maximum, also through the identity tfjs saves', () => {
    const addon = loadTorchAddon();
    // 2×2 windows over one 2×4 channel: the maxima are at window offsets 3 (the 9) and 0 (the 8).
    const x = addon.write(new Float32Array([1, 2, 8, 0, 3, 9, 5, 4]), [1, 2, 4, 1], 0);
    const window = [2, 2, 2, 2, 1, 1, 0, 0, 0, 0];
    const [y] = addon.run('MaxPool', [x], [...window, 1]);
    const [saved] = addon.run('Identity', [y!], []);
    // Another input whose maxima lie elsewhere: finding them again would send the gradient there.
    const decoy = addon.write(new Float32Array([9, 0, 0, 0, 0, 0, 0, 9]), [1, 2, 4, 1], 0);
    const dy = addon.write(new Float32Array([10, 20]), [1, 1, 2, 1], 0);
    const [dx] = addon.run('MaxPoolGrad', [dy, decoy, saved!], window);
    expect(Array.from(addon.read(dx!) as Float32Array)).toEqual([0, 0, 20, 0, 0, 10, 0, 0]);
    for (const id of [x, y!, saved!, decoy, dy, dx!]) addon.dispose(id);
  });

  it('a NaN in a window is its maximum; a window of −∞ stays −∞', async () => {
    // Two rows of six; the 2×2 windows are {1, NaN, 2, 3}, {−∞ ×4} and {5, 4, 6, NaN}.
    const values = [1, NaN, -Infinity, -Infinity, 5, 4, 2, 3, -Infinity, -Infinity, 6, NaN];
    const [pooled] = await onBackend('torch', () => tf.maxPool(tf.tensor4d(values, [1, 2, 6, 1]), [2, 2], [2, 2], 'valid'));
    expect(pooled!.values).toEqual([NaN, -Infinity, NaN]);
  });
});

/** Max-pooling by definition: each output is the largest input inside its window, padding excluded. */
function windowMaxima(values: number[], [n, h, w, c]: number[], size: number, stride: number, pad: 'same' | 'valid'): Plain {
  const outH = pad === 'same' ? Math.ceil(h / stride) : Math.floor((h - size) / stride) + 1;
  const outW = pad === 'same' ? Math.ceil(w / stride) : Math.floor((w - size) / stride) + 1;
  // 'same' pads max(0, (out − 1)·stride + size − in) in all, the smaller half before.
  const top = pad === 'same' ? Math.floor(Math.max(0, (outH - 1) * stride + size - h) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max(0, (outW - 1) * stride + size - w) / 2) : 0;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          for (let y = oy * stride - top; y < oy * stride - top + size; y++)
            for (let x = ox * stride - left; x < ox * stride - left + size; x++)
              if (y >= 0 && y < h && x >= 0 && x < w) best = Math.max(best, values[((b * h + y) * w + x) * c + ch]!);
          out.push(Math.fround(best));
        }
  return { shape: [n, outH, outW, c], dtype: 'float32', values: out };
}
