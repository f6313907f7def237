import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '../registry';
import { affine, layerNormReference, readAttentionWeights, type Matrix } from './attention-reference.testing';
import type { MultiviewModel } from './multiview-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('multiview pair explain hooks', () => {
  const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 9 };
  const config = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, heads: 4 };

  it('rebuild the logits from both views’ features, and give head-averaged cross-attention (checked in float64)', () => {
    const model = createMethodModel('multiview', config, context).model as MultiviewModel;
    const main = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const other = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const logits = model.forward({ images: main, labels: tf.tensor1d([0, 1], 'int32'), pairedImages: other }, { training: false }).logits.arraySync();
    const hooks = model.pairExplain;
    const [fm, fo] = [hooks.features(main), hooks.features(other)];
    expect(hooks.logitsFromFeatures(fm, fo).arraySync().flat()).toEqual(logits.flat().map((v) => expect.closeTo(v, 5)));
    const attention = hooks.crossAttention(fm, fo).arraySync();
    const vec = (name: string) => model.variables().get(name)!.arraySync() as number[];
    const p = readAttentionWeights(model.attention);
    const d = 16 / 4;
    for (let b = 0; b < 2; b++) {
      const tokens = (f: tf.Tensor4D) => layerNormReference((f.arraySync()[b] as number[][][]).flat(), vec('head/local/norm/gamma'), vec('head/local/norm/beta'));
      const q = affine(tokens(fm), p.q.w, p.q.b);
      const k = affine(tokens(fo), p.k.w, p.k.b);
      const expected: Matrix = q.map(() => new Array<number>(k.length).fill(0));
      for (let h = 0; h < 4; h++) {
        q.forEach((qi, i) => {
          const scores = k.map((kj) => Array.from({ length: d }, (_, t) => qi[h * d + t]! * kj[h * d + t]!).reduce((s, v) => s + v, 0) / Math.sqrt(d));
          const e = scores.map((s) => Math.exp(s - Math.max(...scores)));
          const z = e.reduce((s, v) => s + v, 0);
          e.forEach((v, j) => (expected[i]![j]! += v / z / 4));
        });
      }
      expect(attention[b]!.flat()).toEqual(expected.flat().map((v) => expect.closeTo(v, 5)));
      attention[b]!.forEach((row) => expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5));
    }
    model.dispose();
  });
});
