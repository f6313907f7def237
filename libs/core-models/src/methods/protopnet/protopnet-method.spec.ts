import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop, type TrainEvent } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import type { ProtoPNetModel } from './protopnet-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const config = {
  backbone: { name: 'small-cnn', options: { widths: [8, 16] } },
  prototypesPerClass: 2,
  prototypeDepth: 8,
  warmupEpochs: 1,
  pushStart: 2,
  pushEvery: 2,
  lastLayerIterations: 2,
  learningRates: { backbone: 3e-3, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-2 },
};

describe('protopnet method', () => {
  it('fills the reference defaults when asked for the reference schedule', () => {
    const { config: filled, model } = createMethodModel('protopnet', { schedule: 'reference' }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(filled).toMatchObject({ prototypesPerClass: 10, prototypeDepth: 128, warmupEpochs: 5, pushStart: 10, pushEvery: 10, lastLayerIterations: 20, jointStepEpochs: 5 });
    expect(filled).toMatchObject({ learningRates: { backbone: 1e-4, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-4 } });
    expect(filled).toMatchObject({ coefficients: { ce: 1, cluster: 0.8, separation: -0.08, l1: 1e-4 } });
    model.dispose();
  });

  it('gives a from-scratch backbone the schedule that learns, and lets the config override any part of it', () => {
    const { config: filled, model } = createMethodModel('protopnet', {}, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(filled).toMatchObject({ schedule: 'from-scratch', prototypeDepth: 64, epsilon: 1e-2, warmupEpochs: 0, pushStart: 0, pushEvery: 10, lastLayerIterations: 10, jointStepEpochs: 5, pushAtEnd: true, jointLastLayer: true });
    expect(filled).toMatchObject({ learningRates: { backbone: 2e-3, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-2 } });
    // The loss is the method's, whatever the schedule.
    expect(filled).toMatchObject({ coefficients: { ce: 1, cluster: 0.8, separation: -0.08, l1: 1e-4 } });
    model.dispose();
    const { config: mixed, model: other } = createMethodModel('protopnet', { warmupEpochs: 3, learningRates: { backbone: 5e-4 } }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(mixed).toMatchObject({ warmupEpochs: 3, prototypeDepth: 64, learningRates: { backbone: 5e-4, lastLayer: 1e-2, addOn: 3e-3 } });
    other.dispose();
    expect(() => createMethodModel('protopnet', { schedule: 'fast' }, { inputShape: [16, 16, 1], classes: 2, seed: 1 })).toThrow(/schedule/);
  });

  it('pushes after the last epoch even when the schedule has no push epoch in the run, unless told not to', async () => {
    const late = { ...config, pushStart: 50, lastLayerIterations: 1 };
    for (const [pushAtEnd, expected] of [[true, [1]], [false, []]] as const) {
      const { model } = createMethodModel('protopnet', { ...late, pushAtEnd }, { inputShape: [16, 16, 1], classes: 2, seed: 3 });
      const events: TrainEvent[] = [];
      await trainLoop({ model, train: squaresSource(1, 2), epochs: 2, evaluate: accuracy, onEvent: (e) => void events.push(e) });
      expect(events.filter((e) => e.kind === 'prototypes').map((e) => e.epoch)).toEqual(expected);
      model.dispose();
    }
  }, 120_000);

  it('warms up the add-on and prototypes only, then trains jointly', () => {
    const { model } = createMethodModel('protopnet', config, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(model.phase(0).groups.map((g) => g.prefix)).toEqual(['addon/', 'prototypes/']);
    // The from-scratch schedule also trains the last layer in the joint phase (jointLastLayer).
    expect(model.phase(1).groups.map((g) => g.prefix)).toEqual(['backbone/', 'addon/', 'prototypes/', 'last/']);
    model.dispose();
    const { model: frozenLast } = createMethodModel('protopnet', { ...config, jointLastLayer: false }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(frozenLast.phase(1).groups.map((g) => g.prefix)).toEqual(['backbone/', 'addon/', 'prototypes/']);
    frozenLast.dispose();
  });

  it('trains, pushes every prototype onto a latent patch of its own class, and records provenance', async () => {
    const { model } = createMethodModel('protopnet', config, { inputShape: [16, 16, 1], classes: 2, seed: 2 });
    const events: TrainEvent[] = [];
    const train = squaresSource(1, 4);
    const summary = await trainLoop({ model, train, val: squaresSource(2, 2), epochs: 3, evaluate: accuracy, onEvent: (e) => void events.push(e) });
    const pushes = events.filter((e): e is Extract<TrainEvent, { kind: 'prototypes' }> => e.kind === 'prototypes');
    expect(pushes.map((p) => p.epoch)).toEqual([2]);
    const records = pushes[0]!.records;
    expect(records).toHaveLength(4);
    expect(records.map((r) => r.class)).toEqual([0, 0, 1, 1]);
    // Every source image has the prototype's class (ids encode batch and row; labels are (row + batch) % 2).
    for (const r of records) {
      const [, batch, row] = r.imageId!.split('-').map(Number);
      expect((row! + batch!) % 2).toBe(r.class);
      expect(r.receptiveField.hEnd).toBeGreaterThan(r.receptiveField.hStart);
    }
    // After the push each prototype IS a latent patch of its source image: its nearest distance there is 0.
    const protopnet = model as ProtoPNetModel;
    const all = [...train.batches(0)];
    const batch = all[Number(records[0]!.imageId!.split('-')[1])]!;
    const distances = tf.tidy(() => protopnet.head(protopnet.latent(batch.images, false)).distances.arraySync());
    const row = Number(records[0]!.imageId!.split('-')[2]);
    expect(distances[row]![0]).toBeCloseTo(0, 4);
    all.forEach((b) => tf.dispose([b.images, b.labels]));
    expect(summary.final['push/meanDistance']).toBeGreaterThanOrEqual(0);
    expect(summary.final['lastLayer/loss']).toBeDefined();
    expect(summary.final['train/cluster']).toBeGreaterThanOrEqual(0);
    model.dispose();
  }, 120_000);

  it('pruning switches prototypes off: their evidence and last-layer rows are gone', async () => {
    // threshold k + 1 prunes every prototype (at most k own-class neighbours), so the logits must be 0.
    const { model } = createMethodModel('protopnet', { ...config, pushStart: 99, lastLayerIterations: 0, prune: { afterEpoch: 0, k: 3, threshold: 4 } }, { inputShape: [16, 16, 1], classes: 2, seed: 2 });
    const events: TrainEvent[] = [];
    await trainLoop({ model, train: squaresSource(1, 2), epochs: 1, evaluate: accuracy, onEvent: (e) => void events.push(e) });
    const metrics = events.find((e): e is Extract<TrainEvent, { kind: 'metrics' }> => e.kind === 'metrics')!.values;
    expect(metrics['prune/removed']).toBe(4);
    expect(metrics['prune/active']).toBe(0);
    const protopnet = model as ProtoPNetModel;
    expect(Array.from(protopnet.lastLayer.dataSync()).every((v) => v === 0)).toBe(true);
    const [batch] = [...squaresSource(3, 1).batches(0)];
    const logits = tf.tidy(() => protopnet.forward(batch!, { training: false }).logits.dataSync());
    expect(Array.from(logits).every((v) => v === 0)).toBe(true);
    tf.dispose([batch!.images, batch!.labels]);
    model.dispose();
  }, 60_000);
});
