import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { initializers } from './initializers';
import { ParameterSet } from './parameter-set';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const he = initializers.heNormal({ mode: 'fan_out' });

function build(seed: number, order: 'forward' | 'reverse' = 'forward'): ParameterSet {
  const params = new ParameterSet();
  const specs: [string, number[]][] = [
    ['backbone/block1/conv/filter', [3, 3, 2, 4]],
    ['backbone/block2/conv/filter', [3, 3, 4, 8]],
    ['head/weight', [8, 3]],
  ];
  for (const [name, shape] of order === 'forward' ? specs : [...specs].reverse()) params.create(name, shape, he, { seed });
  params.create('backbone/block1/bn/moving_mean', [4], initializers.zeros(), { seed, trainable: false });
  return params;
}

describe('ParameterSet', () => {
  test('the same seed gives the same weights whatever the creation order; another seed differs', () => {
    const a = build(11);
    const b = build(11, 'reverse');
    const c = build(12);
    for (const name of ['backbone/block1/conv/filter', 'backbone/block2/conv/filter', 'head/weight']) {
      const va = Array.from(a.get(name).dataSync());
      expect(Array.from(b.get(name).dataSync())).toEqual(va);
      expect(Array.from(c.get(name).dataSync())).not.toEqual(va);
    }
    [a, b, c].forEach((p) => p.dispose());
  });

  test('tfjs variables are unnamed, so two models with the same parameter names coexist', () => {
    const a = build(1);
    const b = build(1);
    expect(a.get('head/weight').name).not.toBe(b.get('head/weight').name);
    a.dispose();
    b.dispose();
  });

  test('selects by whole-segment prefix and separates trainable from state', () => {
    const params = build(1);
    params.create('backbone10/x', [1], initializers.zeros(), { seed: 1 });
    expect(params.names('backbone')).toEqual(['backbone/block1/conv/filter', 'backbone/block2/conv/filter', 'backbone/block1/bn/moving_mean']);
    expect(params.trainable('backbone')).toHaveLength(2);
    expect(params.trainable()).toHaveLength(4);
    expect(params.state()).toEqual([params.get('backbone/block1/bn/moving_mean')]);
    expect(params.all()).toHaveLength(5);
    expect(params.count('head')).toBe(24);
    expect(params.nameOf(params.get('head/weight'))).toBe('head/weight');
    expect([...params.variables('head').keys()]).toEqual(['head/weight']);
    expect(params.get('backbone/block1/bn/moving_mean').trainable).toBe(false);
    params.dispose();
  });

  test('rejects duplicate and malformed names and unknown lookups', () => {
    const params = build(1);
    expect(() => params.create('head/weight', [1], he, { seed: 1 })).toThrow(/already exists/);
    expect(() => params.create('head//w', [1], he, { seed: 1 })).toThrow(/invalid parameter name/);
    expect(() => params.create('head/w', [0, 2], he, { seed: 1 })).toThrow(/positive integer/);
    expect(() => params.get('head/bias')).toThrow(/no parameter named 'head\/bias'.*head\/weight/);
    params.dispose();
  });

  test('snapshot → restore round-trips every value, state included', () => {
    const source = build(5);
    tf.tidy(() => source.get('backbone/block1/bn/moving_mean').assign(tf.tensor1d([1, 2, 3, 4])));
    const snapshot = source.snapshot();
    expect(snapshot['head/weight']!.shape).toEqual([8, 3]);
    expect(snapshot['head/weight']!.values).toBeInstanceOf(Float32Array);
    const target = build(6);
    target.restore(snapshot);
    for (const name of source.names()) expect(Array.from(target.get(name).dataSync())).toEqual(Array.from(source.get(name).dataSync()));
    // The snapshot is a copy: later training does not change it.
    tf.tidy(() => source.get('head/weight').assign(tf.zeros([8, 3])));
    expect(snapshot['head/weight']!.values.some((v) => v !== 0)).toBe(true);
    source.dispose();
    target.dispose();
  });

  test('restore is strict, names the first mismatch, and assigns nothing on error', () => {
    const params = build(5);
    const before = Array.from(params.get('head/weight').dataSync());
    const other = build(6);
    const good = other.snapshot();
    other.dispose();
    const zeroed = Object.fromEntries(Object.entries(good).map(([k, v]) => [k, { shape: v.shape, values: new Float32Array(v.values.length) }]));

    const missing = { ...zeroed };
    delete missing['backbone/block2/conv/filter'];
    expect(() => params.restore(missing)).toThrow("snapshot has no value for parameter 'backbone/block2/conv/filter'");

    const reshaped = { ...zeroed, 'head/weight': { shape: [3, 8], values: new Float32Array(24) } };
    expect(() => params.restore(reshaped)).toThrow("parameter 'head/weight': snapshot shape [3, 8], model shape [8, 3]");

    const short = { ...zeroed, 'head/weight': { shape: [8, 3], values: new Float32Array(5) } };
    expect(() => params.restore(short)).toThrow(/holds 5 values, shape needs 24/);

    const extra = { ...zeroed, 'head/bias': { shape: [3], values: new Float32Array(3) } };
    expect(() => params.restore(extra)).toThrow("snapshot has parameter 'head/bias', which this model does not have");

    expect(Array.from(params.get('head/weight').dataSync())).toEqual(before);
    params.dispose();
  });

  test('dispose frees every variable', () => {
    const before = tf.memory().numTensors;
    const params = build(1);
    expect(tf.memory().numTensors).toBe(before + 4);
    params.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(params.names()).toEqual([]);
  });
});
