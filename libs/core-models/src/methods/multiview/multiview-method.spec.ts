import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop, type BatchSource, type TrainEvent } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import type { MethodBatch } from '../method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import { affine, attentionReference, geluReference, layerNormReference, readAttentionWeights, type Matrix } from './attention-reference.testing';
import { globalConsistencyLoss, type MultiviewModel } from './multiview-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 3 };
const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, heads: 4, learningRates: { backbone: 3e-3, heads: 3e-3 } };
const create = (config: object = small) => createMethodModel('multiview', config, context).model as MultiviewModel;

/**
 * Two views of the same breast, synthetically: squaresSource batches of two seeds zipped. Labels depend
 * only on (batch, row), so both views share them; noise and square positions differ.
 */
function pairedSquares(seed: number, batches: number, batchSize = 8): BatchSource {
  const main = squaresSource(seed, batches, batchSize);
  const aux = squaresSource(seed + 50, batches, batchSize);
  return {
    batchCount: batches,
    *batches(epoch: number): Iterable<MethodBatch> {
      const other = aux.batches(epoch)[Symbol.iterator]();
      for (const batch of main.batches(epoch)) {
        const second = other.next().value as MethodBatch;
        second.labels.dispose();
        yield { ...batch, pairedImages: second.images };
      }
    },
  };
}

const firstBatch = (source: BatchSource) => source.batches(0)[Symbol.iterator]().next().value as MethodBatch;
const disposeBatch = (b: MethodBatch) => tf.dispose([b.images, b.labels, ...(b.pairedImages ? [b.pairedImages] : [])]);
const metricsOf = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { kind: 'metrics' }> => e.kind === 'metrics');

describe('global consistency loss', () => {
  it('is −½ of the mean cosines of each view’s pool with its prediction (hand case)', () => {
    const r = Math.SQRT1_2;
    const value = tf.tidy(() =>
      globalConsistencyLoss(
        tf.tensor2d([[1, 0], [3, 4]]), // g_m
        tf.tensor2d([[1, 1], [6, 8]]), // p_m: cos r, 1
        tf.tensor2d([[0, 2], [1, 0]]), // g_a
        tf.tensor2d([[0, -1], [0, 5]]), // p_a: cos −1, 0
      ).dataSync()[0]!,
    );
    expect(value).toBeCloseTo(-0.5 * ((r + 1) / 2 + (-1 + 0) / 2), 6);
  });

  it('is −1 in the model when φ is the identity and both views are the same image (and not otherwise)', () => {
    const model = create();
    tf.tidy(() => {
      model.projection.weight.assign(tf.eye(16));
      model.projection.bias!.assign(tf.zeros([16]));
    });
    const images = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 1], 'int32');
    const lgc = (paired: tf.Tensor4D) =>
      tf.tidy(() => {
        const batch = { images, labels, pairedImages: paired };
        return model.loss(batch, model.forward(batch, { training: false })).terms['consistency']!.dataSync()[0]!;
      });
    const same = tf.clone(images);
    expect(lgc(same)).toBeCloseTo(-1, 5);
    const other = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    expect(lgc(other)).toBeGreaterThan(-0.999);
    tf.dispose([images, labels, same, other]);
    model.dispose();
  });
});

describe('multiview method', () => {
  it('fills its documented defaults: 8 heads, Adam 1e-4 backbone / 1e-3 heads, one joint phase', () => {
    const { config, model } = createMethodModel('multiview', {}, context);
    expect(config).toMatchObject({ heads: 8, consistencyWeight: 1, weightDecay: 0, stepEpochs: 0, learningRates: { backbone: 1e-4, heads: 1e-3 } });
    expect(model.phase(0)).toEqual({ name: 'joint', groups: [{ prefix: 'backbone/', learningRate: 1e-4, weightDecay: 0 }, { prefix: 'head/', learningRate: 1e-3, weightDecay: 0 }], stepDecay: undefined });
    expect(model.phase(7).name).toBe('joint');
    model.dispose();
  });

  it('needs the auxiliary view and a channel count the heads divide', () => {
    const model = create();
    const images = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D;
    const labels = tf.tensor1d([0], 'int32');
    expect(() => model.forward({ images, labels }, { training: false })).toThrow(/pairedImages/);
    tf.dispose([images, labels]);
    model.dispose();
    expect(() => create({ ...small, backbone: { name: 'small-cnn', options: { widths: [8, 12] } }, heads: 8 })).toThrow(/divisor of 12/);
  });

  it('computes l_m, l_a and the logits as specified, checked in float64 from the backbone maps', () => {
    const model = create();
    // Non-trivial layer-norm and attention parameters.
    tf.tidy(() => {
      for (const [name, v] of model.variables()) if (name.startsWith('head/') && (name.endsWith('/bias') || name.endsWith('/beta') || name.endsWith('/gamma'))) {
        v.assign(tf.add(name.endsWith('/gamma') ? 1 : 0, tf.randomNormal(v.shape, 0, 0.3, 'float32', name.length)));
      }
    });
    const batch = firstBatch(pairedSquares(1, 1, 2));
    const out = tf.tidy(() => {
      const o = model.forward(batch, { training: false });
      const read = (k: string) => o.extras[k]!.arraySync() as number[][];
      const tokens = (k: string) => (o.extras[k] as tf.Tensor4D).arraySync().map((image) => image.flat());
      return {
        logits: o.logits.arraySync(),
        gm: read('globalMain'),
        ga: read('globalAux'),
        pm: read('predictedMain'),
        lm: read('localMain'),
        la: read('localAux'),
        um: tokens('featuresMain'),
        ua: tokens('featuresAux'),
      };
    });
    const vec = (name: string) => model.variables().get(name)!.arraySync() as number[];
    const mat = (name: string) => model.variables().get(name)!.arraySync() as Matrix;
    const ln = (x: Matrix, prefix: string) => layerNormReference(x, vec(`${prefix}/gamma`), vec(`${prefix}/beta`));
    const attention = readAttentionWeights(model.attention);
    const meanRows = (x: Matrix) => x[0]!.map((_, j) => x.reduce((s, row) => s + row[j]!, 0) / x.length);
    for (let b = 0; b < 2; b++) {
      // Global max pool and φ of the other view.
      const gm = out.um[b]![0]!.map((_, c) => Math.max(...out.um[b]!.map((t) => t[c]!)));
      const ga = out.ua[b]![0]!.map((_, c) => Math.max(...out.ua[b]!.map((t) => t[c]!)));
      expect(out.gm[b]).toEqual(gm.map((v) => expect.closeTo(v, 5)));
      expect(out.ga[b]).toEqual(ga.map((v) => expect.closeTo(v, 5)));
      const pm = affine([ga], mat('head/projection/weight'), vec('head/projection/bias'))[0]!;
      expect(out.pm[b]).toEqual(pm.map((v) => expect.closeTo(v, 4)));
      // Local: main queries attend aux keys/values, and the reverse; token means.
      const tm = ln(out.um[b]!, 'head/local/norm');
      const ta = ln(out.ua[b]!, 'head/local/norm');
      const lm = meanRows(attentionReference(tm, ta, attention, 4));
      const la = meanRows(attentionReference(ta, tm, attention, 4));
      expect(out.lm[b]).toEqual(lm.map((v) => expect.closeTo(v, 4)));
      expect(out.la[b]).toEqual(la.map((v) => expect.closeTo(v, 4)));
      // Fusion: concat[g_m + p_m, l_m, l_a] → LN → Linear → GELU → Linear.
      const fused = ln([[...gm.map((v, i) => v + pm[i]!), ...lm, ...la]], 'head/fusion/norm');
      const hidden = affine(fused, mat('head/fusion/hidden/weight'), vec('head/fusion/hidden/bias'))[0]!.map(geluReference);
      const logits = affine([hidden], mat('head/fusion/logits/weight'), vec('head/fusion/logits/bias'))[0]!;
      expect(out.logits[b]).toEqual(logits.map((v) => expect.closeTo(v, 4)));
    }
    disposeBatch(batch);
    model.dispose();
  });

  it('trains on paired synthetic squares: loss down, accurate, live tensors constant over steps', async () => {
    const check = firstBatch(pairedSquares(1, 1));
    expect(check.pairedImages!.shape).toEqual(check.images.shape);
    disposeBatch(check);
    const model = create();
    const events: TrainEvent[] = [];
    const counts: number[] = [];
    await trainLoop({
      model,
      train: pairedSquares(1, 4),
      val: pairedSquares(2, 2),
      epochs: 3,
      evaluate: accuracy,
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'batch') counts.push(tf.memory().numTensors);
      },
    });
    const metrics = metricsOf(events).map((m) => m.values);
    expect(metrics[2]!['train/loss']).toBeLessThan(metrics[0]!['train/loss']!);
    expect(metrics[2]!['train/ce']).toBeLessThan(metrics[0]!['train/ce']!);
    expect(metrics[2]!['train/consistency']).toBeGreaterThanOrEqual(-1);
    expect(metrics[2]!['val/accuracy']).toBeGreaterThan(0.7);
    expect(counts).toHaveLength(12);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  }, 30_000);
});
