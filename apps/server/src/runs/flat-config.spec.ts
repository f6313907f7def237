import { openStore } from '@protoscope/tracking';
import { flattenConfig, jsonEqual } from './flat-config';

describe('flattenConfig', () => {
  it('flattens like the store does when it writes params', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const config = { lr: 0.001, optimizer: { name: 'adam', betas: [0.9, 0.999], extra: {} }, warm: true, none: null, deep: { a: { b: { c: 'x' } } } };
      const run = await store.runs.create({ method: 'global', config });
      expect(Object.fromEntries(flattenConfig(run.config))).toEqual(await store.runs.params(run.id));
      expect(Object.fromEntries(flattenConfig(run.config))).toEqual({
        lr: 0.001,
        'optimizer.name': 'adam',
        'optimizer.betas': [0.9, 0.999],
        warm: true,
        none: null,
        'deep.a.b.c': 'x',
      });
    } finally {
      await store.close();
    }
  });

  it('compares JSON values deeply, ignoring key order', () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual(null, undefined)).toBe(false);
  });
});
