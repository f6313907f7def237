import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { torchAddonBuilt } from './native-addon';
import { type Plain, assertClose, onBackend, seededValues, startTorchAndCpu } from './testing/backends';

/**
 * Max-pooling keeps its argmax beside the output only while a gradient tape records. An output made
 * outside any tape (inference) has none, so a MaxPoolGrad asked of it finds the maxima again; both
 * ways must give the cpu backend's values, the first maximum of a tie taking the gradient.
 */

const describeNative = torchAddonBuilt() ? describe : describe.skip;
if (!torchAddonBuilt()) {
  describe('torch backend max-pooling outside a tape', () => {
    it.skip('skipped: the libtorch addon is not built here (no libtorch found at install)', () => undefined);
  });
}

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
});
