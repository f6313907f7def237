import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop, type TrainEvent } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import type { MethodBatch } from '../method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import type { BraixModel } from './braix-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const small = {
  backbone: { name: 'small-cnn', options: { widths: [8, 16] } },
  prototypesPerClass: 3,
  prototypeDepth: 8,
  globalEpochs: 1,
  prototypeEpochs: 1,
  pushStart: 2,
  pushEvery: 2,
  lastLayerIterations: 1,
};

describe('braix-protopnet-pp', () => {
  it('defaults to the from-scratch schedule for a from-scratch backbone and keeps the reference one on request', () => {
    const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 1 };
    const scratch = createMethodModel('braix-protopnet-pp', {}, context);
    expect(scratch.config).toMatchObject({ schedule: 'from-scratch', globalEpochs: 2, prototypeEpochs: 1, globalLearningRate: 2e-3, prototypeDepth: 64, epsilon: 0.1, pushStart: 1, pushAtEnd: true });
    expect(scratch.config).toMatchObject({ clusterWeight: 0.8, separationWeight: 0.08, lastLayerIterations: 10, learningRates: { backbone: 2e-3, lastLayer: 1e-2 }, distinctImages: 'global', kdWeight: 0.5 });
    scratch.model.dispose();
    const reference = createMethodModel('braix-protopnet-pp', { schedule: 'reference' }, context);
    expect(reference.config).toMatchObject({ globalEpochs: 3, prototypeEpochs: 3, globalLearningRate: 1e-3, prototypeDepth: 128, lastLayerIterations: 20, clusterWeight: 0.1, separationWeight: 0.1, learningRates: { backbone: 1e-4 } });
    reference.model.dispose();
  });

  it('predicts the mean of both branches and computes the distillation hinge by its formula', () => {
    const { model } = createMethodModel('braix-protopnet-pp', small, { inputShape: [16, 16, 1], classes: 2, seed: 4 });
    const batch: MethodBatch = { images: tf.randomUniform([4, 16, 16, 1], 0, 1, 'float32', 9) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 1, 0], 'int32') };
    const out = model.forward(batch, { training: false });
    const g = (out.extras['globalLogits'] as tf.Tensor2D).arraySync();
    const p = (out.extras['prototypeLogits'] as tf.Tensor2D).arraySync();
    out.logits.arraySync().forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo((g[i]![k]! + p[i]![k]!) / 2, 5)));
    // KD = mean_i max(0, softmax(g)_y − softmax(p)_y + 0.2), worked from the branch logits in plain JS.
    const softmaxAt = (row: number[], k: number) => Math.exp(row[k]!) / row.reduce((s, v) => s + Math.exp(v), 0);
    const labels = [0, 1, 1, 0];
    const expectedKd = labels.reduce((s, y, i) => s + Math.max(0, softmaxAt(g[i]!, y) - softmaxAt(p[i]!, y) + 0.2), 0) / 4;
    expect(model.loss(batch, out).terms['kd']!.dataSync()[0]).toBeCloseTo(expectedKd, 5);
    model.dispose();
  });

  it('trains each stage on its own terms: CE_G alone, then CE_P + 0.1·cluster + 0.1·max(0, 10 − sep), then all of them', () => {
    const weights = { clusterWeight: 0.1, separationWeight: 0.1 };
    const { model } = createMethodModel('braix-protopnet-pp', { ...small, ...weights }, { inputShape: [16, 16, 1], classes: 2, seed: 4 });
    const batch: MethodBatch = { images: tf.randomUniform([4, 16, 16, 1], 0, 1, 'float32', 9) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 1, 0], 'int32') };
    const out = model.forward(batch, { training: false });
    const g = (out.extras['globalLogits'] as tf.Tensor2D).arraySync();
    const p = (out.extras['prototypeLogits'] as tf.Tensor2D).arraySync();
    const d = (out.extras['distances'] as tf.Tensor2D).arraySync();
    const labels = [0, 1, 1, 0];
    // Worked in plain JS from the branch logits and the prototype distances (prototype j is of class ⌊j / 3⌋).
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    const ce = (rows: number[][]) => mean(rows.map((row, i) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[labels[i]!]!));
    const nearest = (own: boolean) => mean(d.map((row, i) => Math.min(...row.filter((_, j) => (Math.floor(j / 3) === labels[i]) === own))));
    const softmaxAt = (row: number[], k: number) => Math.exp(row[k]!) / row.reduce((s, v) => s + Math.exp(v), 0);
    const kd = mean(labels.map((y, i) => Math.max(0, softmaxAt(g[i]!, y) - softmaxAt(p[i]!, y) + 0.2)));
    const prototypeStage = ce(p) + 0.1 * nearest(true) + 0.1 * Math.max(0, 10 - nearest(false));
    const totalIn = (phase: string) => model.loss(batch, out, { epoch: 0, phase }).total.dataSync()[0]!;
    expect(totalIn('global')).toBeCloseTo(ce(g), 4);
    expect(totalIn('prototype-head')).toBeCloseTo(prototypeStage, 4);
    expect(totalIn('joint')).toBeCloseTo(ce(g) + prototypeStage + 0.5 * kd, 4);
    // Without a context (the last-layer fit after a push), the joint stage's loss.
    expect(model.loss(batch, out).total.dataSync()[0]).toBeCloseTo(ce(g) + prototypeStage + 0.5 * kd, 4);
    model.dispose();
  });

  it('distils only into the prototype branch: the KD term sends no gradient to the global head', () => {
    const { model } = createMethodModel('braix-protopnet-pp', small, { inputShape: [16, 16, 1], classes: 2, seed: 4 });
    const braix = model as BraixModel;
    const batch: MethodBatch = { images: tf.randomUniform([4, 16, 16, 1], 0, 1, 'float32', 9) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 1, 0], 'int32') };
    const globalWeights = braix.params.trainable('global');
    const { grads } = tf.variableGrads(() => braix.loss(batch, braix.forward(batch, { training: false })).terms['kd']!, globalWeights);
    for (const v of globalWeights) expect(tf.max(tf.abs(grads[v.name]!)).dataSync()[0]).toBe(0);
    model.dispose();
  });

  it('runs its stages in order and pushes every prototype onto a different training image', async () => {
    const { model } = createMethodModel('braix-protopnet-pp', small, { inputShape: [16, 16, 1], classes: 2, seed: 5 });
    const events: TrainEvent[] = [];
    await trainLoop({ model, train: squaresSource(1, 3), epochs: 3, evaluate: accuracy, onEvent: (e) => void events.push(e) });
    expect(events.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase)).toEqual(['global', 'prototype-head', 'joint']);
    const push = events.find((e): e is Extract<TrainEvent, { kind: 'prototypes' }> => e.kind === 'prototypes')!;
    expect(push.records).toHaveLength(6);
    expect(new Set(push.records.map((r) => r.imageId)).size).toBe(6);
    expect(push.records.every((r) => !r.sharedImage)).toBe(true);
    model.dispose();
  }, 120_000);
});
