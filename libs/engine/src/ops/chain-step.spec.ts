import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../engine';
import { chainStep, isRecordingGradients } from './chain-step';

/** A chain x → 2x → 2x+1 → (2x+1)² run with chainStep, as a model's forward pass would; `seen` gets each step's output. */
const chain = (x: tf.Tensor, seen: tf.Tensor[] = []) => {
  const record = (t: tf.Tensor) => (seen.push(t), t);
  let h = x;
  h = chainStep(h, x, (t) => record(tf.mul(t, 2)));
  h = chainStep(h, x, (t) => record(tf.add(t, 1)));
  h = chainStep(h, x, (t) => record(tf.square(t)));
  return h;
};

describe('chainStep', () => {
  beforeAll(async () => {
    await initEngine({ backend: 'cpu', log: () => undefined });
  });

  test('outside a gradient tape, each intermediate is freed as soon as the next step has read it', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    const seen: tf.Tensor[] = [];
    const y = chain(x, seen);
    expect(seen.map((s) => s.isDisposed)).toEqual([true, true, false]);
    // Only the output is new: 2x and 2x+1 (and the scalars they used) are gone; x is the caller's.
    expect(tf.memory().numTensors - before).toBe(1);
    expect(x.isDisposed).toBe(false);
    expect(Array.from(y.dataSync())).toEqual([9, 25, 49]);
    tf.dispose([x, y]);
  });

  test('a step that returns its own input frees nothing', () => {
    const x = tf.tensor1d([1, 2]);
    const doubled = chainStep(x, x, (t) => tf.mul(t, 2));
    const same = chainStep(doubled, x, (t) => t);
    expect(same).toBe(doubled);
    expect(doubled.isDisposed).toBe(false);
    tf.dispose([x, doubled]);
  });

  test('under a gradient tape nothing is freed and the gradient is d(2x+1)²/dx = 4(2x+1)', () => {
    const x = tf.tensor1d([1, 2, 3]);
    let recording = false;
    const seen: tf.Tensor[] = [];
    const dx = tf.grad((t: tf.Tensor) => {
      recording = isRecordingGradients();
      const y = chain(t, seen);
      expect(seen.map((s) => s.isDisposed)).toEqual([false, false, false]);
      return tf.sum(y);
    })(x);
    expect(recording).toBe(true);
    expect(isRecordingGradients()).toBe(false);
    expect(Array.from(dx.dataSync())).toEqual([12, 20, 28]);
    tf.dispose([x, dx]);
  });
});
