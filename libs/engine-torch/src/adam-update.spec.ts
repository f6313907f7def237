import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { ADAM_UPDATE } from './kernels';
import { assertClose, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * The native Adam step (kernel AdamUpdate) against Adam's update written out in float64 (Kingma & Ba
 * with PyTorch's bias correction and ε placement, L2 weight decay added to the gradient):
 * g ← g + wd·θ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε),
 * over several steps, so the moments it returns feed the next step as they would in training.
 */

interface Settings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

function referenceSteps(theta: number[], gradients: number[][], s: Settings): { theta: number[]; first: number[]; second: number[] } {
  let t = theta.slice();
  let m = theta.map(() => 0);
  let v = theta.map(() => 0);
  gradients.forEach((grad, index) => {
    const step = index + 1;
    const g = grad.map((value, i) => value + s.weightDecay * t[i]!);
    m = m.map((value, i) => s.beta1 * value + (1 - s.beta1) * g[i]!);
    v = v.map((value, i) => s.beta2 * value + (1 - s.beta2) * g[i]! ** 2);
    t = t.map((value, i) => value - (s.learningRate * (m[i]! / (1 - s.beta1 ** step))) / (Math.sqrt(v[i]! / (1 - s.beta2 ** step)) + s.epsilon));
  });
  return { theta: t, first: m, second: v };
}

describeNative('torch Adam update (one native call per variable)', () => {
  beforeAll(startTorchAndCpu);

  it.each([
    ['defaults, no weight decay', { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }],
    ['large steps with weight decay', { learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-4, weightDecay: 0.01 }],
  ] as const)('%s: four steps equal the float64 update', async (_name, settings) => {
    await tf.setBackend('torch');
    const shape = [3, 5];
    const theta = seededValues(1, 15, -2, 2);
    const gradients = [2, 3, 4, 5].map((seed) => seededValues(seed, 15, -3, 3));
    resetTorchFallbacks();
    const [t, m, v] = plainCopies(() => {
      let state = [tf.tensor(theta, shape), tf.zeros(shape), tf.zeros(shape)];
      gradients.forEach((g, index) => {
        const step = index + 1;
        state = tf.engine().runKernel(
          ADAM_UPDATE,
          { variable: state[0]!, gradient: tf.tensor(g, shape), first: state[1]!, second: state[2]! },
          { ...settings, correction1: 1 - settings.beta1 ** step, correction2: 1 - settings.beta2 ** step },
        ) as tf.Tensor[];
      });
      return state;
    });
    expect(torchFallbacks().calls).toBe(0);
    const expected = referenceSteps(theta, gradients, settings);
    assertClose(t!, { shape, dtype: 'float32', values: expected.theta }, 'θ', 1e-5, 1e-6);
    assertClose(m!, { shape, dtype: 'float32', values: expected.first }, 'm', 1e-5, 1e-7);
    assertClose(v!, { shape, dtype: 'float32', values: expected.second }, 'v', 1e-5, 1e-7);
  });

  it('names a missing attribute', async () => {
    await tf.setBackend('torch');
    const x = tf.zeros([2]);
    expect(() =>
      tf.engine().runKernel(ADAM_UPDATE, { variable: x, gradient: x, first: x, second: x }, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, correction1: 0.1 }),
    ).toThrow(/AdamUpdate attribute correction2 must be a finite number/);
    x.dispose();
  });
});
