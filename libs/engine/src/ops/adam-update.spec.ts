import * as tf from '@tensorflow/tfjs-core';
import { assertSameResult, runOn, startTorchBackend, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { adamUpdate } from './adam-update';

/**
 * adamUpdate composed (cpu) and, where the addon is built, as torch's one native kernel: the same
 * variable and moments over several steps, and the first step worked by hand.
 */

const torch = startTorchBackend();

const SETTINGS = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.05 };

/** Four steps from θ0 with gradients g1…g4; returns θ, m, v. */
const fourSteps = () => {
  const shape = [4, 3];
  let theta = tf.tensor(uniform(seededRng(1), 12, -2, 2), shape);
  let m = tf.zeros(shape);
  let v = tf.zeros(shape);
  for (let step = 1; step <= 4; step++) {
    const next = adamUpdate(theta, tf.tensor(uniform(seededRng(step + 1), 12, -3, 3), shape), m, v, { ...SETTINGS, step });
    [theta, m, v] = [next.variable, next.first, next.second];
  }
  return [theta, m, v];
};

describe('adamUpdate', () => {
  beforeAll(startWasmEngine);
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('takes a first step of about lr against the sign of the gradient, worked by hand', async () => {
    const [theta, m, v] = await runOn('cpu', () => {
      const next = adamUpdate(tf.tensor1d([1, -2]), tf.tensor1d([0.5, -4]), tf.zeros([2]), tf.zeros([2]), { ...SETTINGS, weightDecay: 0, step: 1 });
      return [next.variable, next.first, next.second];
    });
    // m = (1 − β1)·g, v = (1 − β2)·g², so m/(1 − β1) = g and √(v/(1 − β2)) = |g|: θ − lr·g/(|g| + ε).
    expect(theta!.values[0]).toBeCloseTo(1 - 0.01, 6);
    expect(theta!.values[1]).toBeCloseTo(-2 + 0.01, 6);
    expect(m!.values[0]).toBeCloseTo(0.05, 7);
    expect(v!.values[1]).toBeCloseTo(0.001 * 16, 7);
  });

  (torch ? it : it.skip)('torch: the native kernel equals the composed update over four steps, with no fallback', async () => {
    const expected = await runOn('cpu', fourSteps);
    torch!.resetTorchFallbacks();
    const actual = await runOn('torch', fourSteps);
    expect(torch!.torchFallbacks().calls).toBe(0);
    ['θ', 'm', 'v'].forEach((label, i) => assertSameResult(actual[i]!, expected[i]!, { label, rtol: 1e-5 }));
  });

  it('names a gradient of the wrong shape and a bad step', async () => {
    await tf.setBackend('cpu');
    const call = (gradientShape: number[], step: number) => () =>
      tf.tidy(() => adamUpdate(tf.zeros([2, 3]), tf.zeros(gradientShape), tf.zeros([2, 3]), tf.zeros([2, 3]), { ...SETTINGS, step }).variable);
    expect(call([3, 2], 1)).toThrow('adamUpdate: gradient has shape [3, 2], the variable [2, 3]');
    expect(call([2, 3], 0)).toThrow('adamUpdate: step must be an integer ≥ 1, got 0');
  });
});
