import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../../parameters/parameter-set';
import { attentionReference, attentionWeights } from './attention-reference.testing';
import { CrossAttention } from './cross-attention';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('CrossAttention', () => {
  for (const heads of [1, 2]) {
    it(`matches a float64 reference with ${heads} head${heads > 1 ? 's' : ''} (queries from one sequence, keys/values from the other)`, () => {
      const params = new ParameterSet();
      const attention = new CrossAttention(params, 'attn', { features: 4, heads }, 7);
      const weights = attentionWeights(attention, 11);
      const queries = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const context = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2) as tf.Tensor3D;
      const out = tf.tidy(() => attention.apply(queries, context).arraySync());
      const q = queries.arraySync();
      const k = context.arraySync();
      expect(out.map((rows) => rows.length)).toEqual([3, 3]);
      out.forEach((rows, b) => {
        const expected = attentionReference(q[b]!, k[b]!, weights, heads);
        rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
      });
      // The number of heads matters: the other split gives a different result.
      const other = attentionReference(q[0]!, k[0]!, weights, heads === 1 ? 2 : 1);
      expect(Math.max(...out[0]!.flatMap((row, i) => row.map((v, j) => Math.abs(v - other[i]![j]!))))).toBeGreaterThan(1e-3);
      tf.dispose([queries, context]);
      params.dispose();
    });
  }

  it('refuses a width that does not split into the heads', () => {
    const params = new ParameterSet();
    expect(() => new CrossAttention(params, 'attn', { features: 6, heads: 4 }, 1)).toThrow(/multiple of heads/);
    params.dispose();
  });
});
