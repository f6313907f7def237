import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop, type TrainEvent } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import type { ForwardOutput, MethodBatch } from '../method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import type { EvalProtoPNetModel } from './evalprotopnet-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 3 };
const small = {
  backbone: { name: 'small-cnn', options: { widths: [8, 16] } },
  prototypesPerClass: 3,
  prototypeDepth: 8,
  warmupEpochs: 1,
  learningRates: { backbone: 3e-3, addOn: 3e-3, prototypes: 3e-3, aggregation: 1e-3 },
};
const create = (config: object = small, seed = 3) => createMethodModel('evalprotopnet', config, { ...context, seed }).model as EvalProtoPNetModel;
const norms = (v: tf.Variable) => tf.tidy(() => Array.from(tf.norm(v, 2, 1).dataSync()));
/**
 * CE + 0.8·cluster − 0.08·separation + 1e-4·orthogonality from the logits, the latent map and the
 * stored prototypes, in plain JS: softmax CE; cosine of each latent cell with each unit prototype,
 * distance −max over cells, nearest own-class / other-class distance per image; Σ|P_c P_cᵀ − I|.
 */
function warmupLossReference(model: EvalProtoPNetModel, out: ForwardOutput, labels: number[]): number {
  const perClass = model.config.prototypesPerClass;
  const logits = out.logits.arraySync();
  const ce = mean(logits.map((row, i) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[labels[i]!]!));
  const p = model.prototypes.arraySync() as number[][];
  const unit = p.map((v) => v.map((x) => x / Math.hypot(...v)));
  const latent = (out.extras['latent'] as tf.Tensor4D).arraySync();
  const distances = latent.map((image) => unit.map((proto) => -Math.max(...image.flat().map((z) => z.reduce((s, v, d) => s + v * proto[d]!, 0) / Math.hypot(...z)))));
  const classOf = (j: number) => Math.floor(j / perClass);
  const cluster = mean(distances.map((row, i) => Math.min(...row.filter((_, j) => classOf(j) === labels[i]))));
  const separation = mean(distances.map((row, i) => Math.min(...row.filter((_, j) => classOf(j) !== labels[i]))));
  let orthogonality = 0;
  for (let a = 0; a < p.length; a++) {
    for (let b = 0; b < p.length; b++) {
      if (classOf(a) === classOf(b)) orthogonality += Math.abs(p[a]!.reduce((s, v, d) => s + v * p[b]![d]!, 0) - (a === b ? 1 : 0));
    }
  }
  return ce + 0.8 * cluster - 0.08 * separation + 1e-4 * orthogonality;
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

const metricsOf = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { kind: 'metrics' }> => e.kind === 'metrics');

describe('evalprotopnet method', () => {
  it('gives a from-scratch backbone a warm-up of one epoch and the backbone at 3e-4 by default', () => {
    const { config, model } = createMethodModel('evalprotopnet', {}, context);
    expect(config).toMatchObject({ schedule: 'from-scratch', warmupEpochs: 1, jointStepEpochs: 5, learningRates: { backbone: 3e-4, addOn: 3e-3, prototypes: 3e-3, aggregation: 1e-6 } });
    expect(model.phase(1).groups.map((g) => [g.prefix, g.learningRate])).toEqual([['backbone/', 3e-4], ['addon/', 3e-3], ['prototypes/', 3e-3], ['aggregation/', 1e-6]]);
    model.dispose();
  });

  it('fills the reference defaults and builds the schedule from them', () => {
    const { config, model } = createMethodModel('evalprotopnet', { schedule: 'reference' }, context);
    expect(config).toMatchObject({ prototypesPerClass: 10, prototypeDepth: 64, warmupEpochs: 5, jointStepEpochs: 3, jointGamma: 0.2, sdfaMargin: 0.1, weightDecay: 1e-3 });
    expect(config).toMatchObject({ coefficients: { ce: 1, cluster: 0.8, separation: -0.08, orthogonality: 1e-4, sdfa: 0.5 } });
    expect(config).toMatchObject({ learningRates: { backbone: 1e-4, addOn: 3e-3, prototypes: 3e-3, aggregation: 1e-6 } });
    expect(model.phase(4)).toMatchObject({ name: 'warm-up', groups: [{ prefix: 'addon/', learningRate: 3e-3 }, { prefix: 'prototypes/', learningRate: 3e-3 }, { prefix: 'aggregation/', learningRate: 1e-6 }] });
    expect(model.phase(5).name).toBe('joint');
    expect(model.phase(5).groups.map((g) => [g.prefix, g.learningRate])).toEqual([['backbone/', 1e-4], ['addon/', 3e-3], ['prototypes/', 3e-3], ['aggregation/', 1e-6]]);
    expect(model.phase(5).stepDecay).toEqual({ stepEpochs: 3, gamma: 0.2 });
    // 2 classes × 10 prototypes of depth 64 behind one 1×1 conv; no dense last layer.
    expect([...model.variables().keys()].filter((n) => !n.startsWith('backbone/')).sort()).toEqual(['addon/conv/bias', 'addon/conv/filter', 'aggregation/weights', 'prototypes/vectors']);
    expect(model.variables().get('prototypes/vectors')!.shape).toEqual([20, 64]);
    model.dispose();
  });

  it('reads SDFA’s shallow map from layer1 of a ResNet and the first block of a small CNN', () => {
    const resnet = create({ ...small, backbone: { name: 'resnet18', options: { widths: [4, 4, 4, 4] } } });
    expect(resnet.backbone.stageNames[resnet.shallowStage]).toBe('layer1');
    resnet.dispose();
    const cnn = create();
    expect(cnn.shallowStage).toBe(0);
    cnn.dispose();
    expect(() => create({ ...small, shallowStage: 'block2' })).toThrow(/before the last/);
    expect(() => create({ ...small, shallowStage: 'nope' })).toThrow(/shallowStage/);
  });

  it('forward: unit prototypes, evidence = max of z·p̂, logits = SA of the evidence', () => {
    const model = create();
    expect(norms(model.prototypes)).toEqual(Array.from({ length: 6 }, () => expect.closeTo(1, 5)));
    const batch: MethodBatch = { images: tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D, labels: tf.tensor1d([0, 1], 'int32') };
    tf.tidy(() => {
      // A non-uniform SA vector, so the weights matter.
      model.aggregation.assign(tf.tensor1d([0.5, 1, 2, -1, 0, 1]));
      const out = model.forward(batch, { training: false });
      const latent = (out.extras['latent'] as tf.Tensor4D).arraySync();
      const p = model.prototypes.arraySync() as number[][];
      const acts = (out.extras['activations'] as tf.Tensor2D).arraySync();
      // Evidence recomputed in plain JS from the latent map and the (unit) prototypes.
      latent.forEach((image, i) => {
        p.forEach((proto, j) => {
          const best = Math.max(...image.flat().map((z) => z.reduce((s, v, d) => s + v * proto[d]!, 0)));
          expect(acts[i]![j]).toBeCloseTo(best, 4);
        });
      });
      const a = [0.5, 1, 2, -1, 0, 1];
      const weights = [0, 1].flatMap((c) => {
        const e = a.slice(3 * c, 3 * c + 3).map(Math.exp);
        return e.map((v) => (3 * v) / e.reduce((s, x) => s + x, 0));
      });
      const logits = out.logits.arraySync();
      acts.forEach((row, i) => [0, 1].forEach((c) => expect(logits[i]![c]).toBeCloseTo([0, 1, 2].reduce((s, t) => s + weights[3 * c + t]! * row[3 * c + t]!, 0), 4)));
    });
    tf.dispose([batch.images, batch.labels]);
    model.dispose();
  });

  it('the model’s SDFA term sends no gradient into the shallow map but does into the deep map', () => {
    const model = create();
    const batch: MethodBatch = { images: tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 6) as tf.Tensor4D, labels: tf.tensor1d([1, 0], 'int32') };
    const [gShallow, gDeep] = tf.tidy(() => {
      const out = model.forward(batch, { training: false });
      const sdfaOf = (shallow: tf.Tensor, deep: tf.Tensor) => model.loss(batch, { logits: out.logits, extras: { ...out.extras, shallow, features: deep } }).terms['sdfa']!;
      return tf.grads(sdfaOf)([out.extras['shallow']!, out.extras['features']!]).map((g) => Array.from(g.dataSync()));
    });
    expect(gShallow!.every((v) => v === 0)).toBe(true);
    expect(gDeep!.some((v) => v !== 0)).toBe(true);
    tf.dispose([batch.images, batch.labels]);
    model.dispose();
  });

  it('SDFA reaches only the backbone, so the frozen-backbone warm-up is unaffected by it', () => {
    const model = create();
    const batch: MethodBatch = { images: tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 7) as tf.Tensor4D, labels: tf.tensor1d([0, 1], 'int32') };
    const largest = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.loss(batch, model.forward(batch, { training: false })).terms['sdfa']!, [...model.variables().values()].filter((v) => v.trainable));
      const byName: Record<string, number> = {};
      for (const [name, v] of model.variables()) {
        const g = grads[v.name];
        byName[name] = g ? tf.max(tf.abs(g)).dataSync()[0]! : 0;
      }
      return byName;
    });
    for (const name of ['addon/conv/filter', 'addon/conv/bias', 'prototypes/vectors', 'aggregation/weights']) expect(largest[name]).toBe(0);
    expect(Math.max(...Object.entries(largest).filter(([n]) => n.startsWith('backbone/')).map(([, v]) => v))).toBeGreaterThan(0);
    tf.dispose([batch.images, batch.labels]);
    model.dispose();
  });

  it('leaves SDFA out of a warm-up epoch’s loss: total = CE + 0.8·clst − 0.08·sep + 1e-4·orth, recomputed in plain JS', () => {
    // Margin 0, so SDFA is clearly above 0 and its presence would show in the total.
    const model = create({ ...small, sdfaMargin: 0 });
    const batch: MethodBatch = { images: tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 8) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 1], 'int32') };
    const out = model.forward(batch, { training: false });
    const expected = warmupLossReference(model, out, [0, 1, 1]);
    const read = (context?: { epoch: number; phase: string }) =>
      tf.tidy(() => {
        const { total, terms } = model.loss(batch, out, context);
        return { total: total.dataSync()[0]!, terms: Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, t.dataSync()[0]!])) };
      });
    const warm = read({ epoch: 0, phase: 'warm-up' });
    expect(warm.total).toBeCloseTo(expected, 5);
    expect(Object.keys(warm.terms).sort()).toEqual(['ce', 'cluster', 'orthogonality', 'separation']);
    // After the warm-up (and without a context) the same batch costs 0.5·SDFA more, and SDFA is not 0 here.
    for (const joint of [read({ epoch: 1, phase: 'joint' }), read()]) {
      expect(joint.terms['sdfa']).toBeGreaterThan(0.01);
      expect(joint.total).toBeCloseTo(expected + 0.5 * joint.terms['sdfa']!, 5);
    }
    tf.dispose([batch.images, batch.labels, out.logits, ...Object.values(out.extras)]);
    model.dispose();
  });

  it('the training loop tells the loss its phase: the first warm-up step’s logged loss has no SDFA', async () => {
    const model = create({ ...small, sdfaMargin: 0 });
    const losses: number[] = [];
    await trainLoop({ model, train: squaresSource(1, 1), epochs: 1, evaluate: accuracy, onEvent: (e) => void (e.kind === 'batch' && losses.push(e.loss)) });
    model.dispose();
    // The same initial weights (same seed) on the same first batch, in training mode as the loop runs it.
    const twin = create({ ...small, sdfaMargin: 0 });
    const batch = squaresSource(1, 1).batches(0)[Symbol.iterator]().next().value as MethodBatch;
    const out = twin.forward(batch, { training: true });
    const labels = Array.from(batch.labels.dataSync());
    expect(losses[0]).toBeCloseTo(warmupLossReference(twin, out, labels), 4);
    const sdfa = tf.tidy(() => twin.loss(batch, out).terms['sdfa']!.dataSync()[0]!);
    expect(sdfa).toBeGreaterThan(0.01);
    tf.dispose([batch.images, batch.labels, out.logits, ...Object.values(out.extras)]);
    twin.dispose();
  });

  it('keeps the prototypes unit-norm through optimiser steps (afterStep), which the steps alone would not', async () => {
    const withHook = create();
    await trainLoop({ model: withHook, train: squaresSource(1, 2), epochs: 2, evaluate: accuracy, onEvent: () => undefined });
    expect(norms(withHook.prototypes)).toEqual(Array.from({ length: 6 }, () => expect.closeTo(1, 5)));
    withHook.dispose();
    // The same training with the hook removed drifts off the unit sphere.
    const withoutHook = create();
    Object.assign(withoutHook, { afterStep: undefined });
    await trainLoop({ model: withoutHook, train: squaresSource(1, 2), epochs: 2, evaluate: accuracy, onEvent: () => undefined });
    expect(Math.max(...norms(withoutHook.prototypes).map((n) => Math.abs(n - 1)))).toBeGreaterThan(1e-3);
    withoutHook.dispose();
  }, 30_000);

  it('trains on synthetic squares: warm-up then joint, loss down, SDFA logged, live tensors constant per phase', async () => {
    const model = create();
    const events: TrainEvent[] = [];
    const counts: Record<string, number[]> = {};
    let phase = '';
    await trainLoop({
      model,
      train: squaresSource(1, 4),
      val: squaresSource(2, 2),
      epochs: 4,
      evaluate: accuracy,
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'phase') phase = e.phase;
        if (e.kind === 'batch') (counts[phase] ??= []).push(tf.memory().numTensors);
      },
    });
    expect(events.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase)).toEqual(['warm-up', 'joint', 'joint', 'joint']);
    const metrics = metricsOf(events).map((m) => m.values);
    expect(metrics[3]!['train/loss']).toBeLessThan(metrics[0]!['train/loss']!);
    expect(metrics[3]!['train/ce']).toBeLessThan(metrics[0]!['train/ce']!);
    expect(metrics[3]!['val/accuracy']).toBeGreaterThan(0.7);
    for (const key of ['train/orthogonality', 'train/cluster', 'train/separation']) expect(Number.isFinite(metrics[0]![key])).toBe(true);
    // SDFA is not part of the warm-up; it is logged from the first joint epoch on.
    expect(metrics[0]!['train/sdfa']).toBeUndefined();
    for (const m of metrics.slice(1)) expect(Number.isFinite(m['train/sdfa'])).toBe(true);
    expect(metrics[0]!['train/cluster']).toBeGreaterThanOrEqual(-1);
    for (const series of Object.values(counts)) expect(new Set(series).size).toBe(1);
    model.dispose();
  }, 30_000);
});
