import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import type { CheckpointState } from './checkpoint-state';
import { NonFiniteLossError } from './errors';
import { accuracy, createTinyMethod, tinySource } from './testing/tiny-method';
import { trainLoop, type TrainEvent } from './train-loop';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

async function run(options: { epochs: number; resume?: CheckpointState; checkpointEvery?: number; nanAtStep?: number }) {
  const model = createTinyMethod({ seed: 3, nanAtStep: options.nanAtStep });
  const events: TrainEvent[] = [];
  try {
    const summary = await trainLoop({
      model,
      train: tinySource(1),
      val: tinySource(2, 2),
      epochs: options.epochs,
      evaluate: accuracy,
      selectBy: 'val/accuracy',
      checkpointEvery: options.checkpointEvery,
      resume: options.resume,
      onEvent: (e) => void events.push(e),
    });
    const weights = Object.fromEntries([...model.variables()].map(([n, v]) => [n, Array.from(v.dataSync())]));
    return { summary, events, weights };
  } finally {
    model.dispose();
  }
}

const metricsOf = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { kind: 'metrics' }> => e.kind === 'metrics');
const checkpointsOf = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { kind: 'checkpoint' }> => e.kind === 'checkpoint');

describe('trainLoop', () => {
  it('learns, logs per-epoch loss terms and metrics of both splits, and checkpoints each epoch', async () => {
    const { summary, events } = await run({ epochs: 4 });
    const metrics = metricsOf(events);
    expect(metrics.map((m) => m.epoch)).toEqual([0, 1, 2, 3]);
    expect(metrics[3]!.values['train/ce']).toBeLessThan(metrics[0]!.values['train/ce']!);
    expect(metrics[3]!.values['val/accuracy']).toBeGreaterThan(0.8);
    expect(Object.keys(metrics[0]!.values).sort()).toEqual(['train/accuracy', 'train/ce', 'train/loss', 'val/accuracy']);
    expect(checkpointsOf(events).map((c) => [c.state.epoch, c.state.batch])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0]]);
    expect(summary.best?.metric).toBe('val/accuracy');
    expect(summary.globalStep).toBe(16);
  });

  it('trains only the phase’s groups: the warm-up leaves body/ untouched', async () => {
    const { events } = await run({ epochs: 1 });
    const after = checkpointsOf(events)[0]!.state.variables['body/gain']!.values[0];
    expect(after).toBe(1);
    const joint = await run({ epochs: 2 });
    expect(joint.weights['body/gain']![0]).not.toBe(1);
    expect(joint.events.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase)).toEqual(['warm-up', 'joint']);
  });

  it('stops on a non-finite loss before applying it, naming epoch and batch', async () => {
    const events: TrainEvent[] = [];
    const model = createTinyMethod({ seed: 3, nanAtStep: 6 }); // 4 batches an epoch: epoch 2, batch 3
    const promise = trainLoop({ model, train: tinySource(1), epochs: 3, evaluate: accuracy, onEvent: (e) => void events.push(e) });
    await expect(promise).rejects.toThrow(NonFiniteLossError);
    await expect(promise).rejects.toThrow(/epoch 2, batch 3/);
    for (const v of model.variables().values()) expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
    expect(checkpointsOf(events).map((c) => c.state.epoch)).toEqual([1]); // the last good checkpoint
    model.dispose();
  });

  it('resumes from a mid-epoch checkpoint to the same weights and the same metric history', async () => {
    const straight = await run({ epochs: 3, checkpointEvery: 6 });
    const midEpoch = checkpointsOf(straight.events).find((c) => c.state.batch !== 0)!.state;
    expect([midEpoch.epoch, midEpoch.batch]).toEqual([1, 2]); // step 6 = epoch 2, batch 2
    const resumed = await run({ epochs: 3, resume: midEpoch, checkpointEvery: 6 });
    for (const [name, values] of Object.entries(straight.weights)) {
      resumed.weights[name]!.forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 6));
    }
    const after = (events: TrainEvent[]) => metricsOf(events).filter((m) => m.epoch >= 1).map((m) => m.values['train/ce']);
    after(resumed.events).forEach((v, i) => expect(v).toBeCloseTo(after(straight.events)[i]!, 6));
  });

  it('calls the model’s afterStep once after every applied optimiser step, seeing the updated weights', async () => {
    const model = createTinyMethod({ seed: 3 });
    const bias = model.variables().get('head/b')!;
    const seen: number[][] = [];
    // A projection the optimiser would not keep: the bias is reset to zero after each step.
    model.afterStep = () => {
      seen.push(Array.from(bias.dataSync()));
      tf.tidy(() => bias.assign(tf.zerosLike(bias)));
    };
    const summary = await trainLoop({ model, train: tinySource(1), epochs: 2, evaluate: accuracy, onEvent: () => undefined });
    expect(seen).toHaveLength(summary.globalStep);
    expect(summary.globalStep).toBe(8);
    // Each call sees the bias the step just moved away from zero, and leaves it at zero.
    for (const b of seen) expect(b.some((v) => v !== 0)).toBe(true);
    expect(Array.from(bias.dataSync())).toEqual([0, 0]);
    model.dispose();
  });

  it('does not grow the number of live tensors across epochs', async () => {
    await run({ epochs: 1 });
    const before = tf.memory().numTensors;
    await run({ epochs: 3 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('re-estimates normalisation statistics on the unaugmented split before evaluating, when asked', async () => {
    const model = createTinyMethod({ seed: 3 });
    const calls: { training: boolean; rows: number }[] = [];
    const forward = model.forward.bind(model);
    model.forward = (batch, opts) => {
      calls.push({ training: opts.training, rows: batch.images.shape[0] });
      return forward(batch, opts);
    };
    const unaugmented = tinySource(9, 3, 5); // 3 batches of 5 rows: recognisable
    await trainLoop({ model, train: tinySource(1), unaugmentedTrain: unaugmented, val: tinySource(2, 2), epochs: 1, evaluate: accuracy, recalibrateNormalisation: true, onEvent: () => undefined });
    // 4 training batches (8 rows), then 3 training-mode passes over the unaugmented split, then val in inference mode.
    expect(calls.map((c) => `${c.training ? 'T' : 'I'}${c.rows}`)).toEqual(['T8', 'T8', 'T8', 'T8', 'T5', 'T5', 'T5', 'I8', 'I8']);
    model.dispose();
  });
});
