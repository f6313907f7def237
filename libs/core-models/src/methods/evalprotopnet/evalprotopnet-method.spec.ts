import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../engine';
import { trainLoop, type TrainEvent } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import type { MethodBatch } from '../method';
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
const metricsOf = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { kind: 'metrics' }> => e.kind === 'metrics');

describe('evalprotopnet method', () => {
  it('fills the reference defaults and builds the schedule from them', () => {
    const { config, model } = createMethodModel('evalprotopnet', {}, context);
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
    for (const key of ['train/sdfa', 'train/orthogonality', 'train/cluster', 'train/separation']) expect(Number.isFinite(metrics[0]![key])).toBe(true);
    expect(metrics[0]!['train/cluster']).toBeGreaterThanOrEqual(-1);
    for (const series of Object.values(counts)) expect(new Set(series).size).toBe(1);
    model.dispose();
  }, 30_000);
});
