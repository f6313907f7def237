import * as tf from '@tensorflow/tfjs-core';
import type { MethodBatch, MethodModel, ParameterGroup, TrainingPhase } from '../methods/method';
import type { PrototypeRecord } from '../methods/prototype-record';
import { Adam } from './adam';
import type { CheckpointState, StoredTensor } from './checkpoint-state';
import { NonFiniteLossError } from './errors';

/** Frees a batch's tensors: the loop owns every batch a source yields. */
export function disposeMethodBatch(batch: MethodBatch): void {
  const optional: Array<tf.Tensor | undefined> = [batch.pairedImages, batch.findings, batch.findingKnown, batch.findingBoxes, batch.findingBoxKnown];
  tf.dispose([batch.images, batch.labels, ...optional.filter((t): t is tf.Tensor => t !== undefined)]);
}

/** Batches of one split; the same epoch number must give the same batches (seeded order). The loop disposes them. */
export interface BatchSource {
  batches(epoch: number): Iterable<MethodBatch>;
  /** Batches per epoch, for progress. */
  batchCount: number;
}

/** Metrics of predictions: class probabilities [n][K] against labels (the eval library provides it). */
export type EvaluatePredictions = (probabilities: number[][], labels: number[]) => Record<string, number>;

export type TrainEvent =
  | { kind: 'batch'; epoch: number; batch: number; batches: number; globalStep: number; loss: number }
  | { kind: 'metrics'; epoch: number; globalStep: number; values: Record<string, number> }
  | { kind: 'checkpoint'; state: CheckpointState; isBest: boolean; phase: string }
  | { kind: 'phase'; epoch: number; phase: string }
  | { kind: 'prototypes'; epoch: number; globalStep: number; records: PrototypeRecord[] };

export interface TrainLoopOptions {
  model: MethodModel;
  train: BatchSource;
  val?: BatchSource;
  epochs: number;
  evaluate: EvaluatePredictions;
  /** `val/auc` by default (or `train/auc` without a val split); higher is better. */
  selectBy?: string;
  /** Also checkpoint every N optimisation steps (epoch ends always checkpoint). */
  checkpointEvery?: number;
  resume?: CheckpointState;
  onEvent(event: TrainEvent): void | Promise<void>;
  /** The training split without augmentation, for after-epoch work such as ProtoPNet's push (default: `train`). */
  unaugmentedTrain?: BatchSource;
  /**
   * Before each epoch's inference-mode work (push, last-layer fit, val metrics), re-estimate the
   * normalisation layers' moving statistics on `unaugmentedTrain` by forward passes in training mode:
   * statistics gathered on augmented (resampled) images can be far from those of plain images. Costs
   * one forward pass over the training split per epoch; changes no trained weight.
   */
  recalibrateNormalisation?: boolean;
  /** Stops after the current batch, with a checkpoint. */
  signal?: AbortSignal;
}

export interface TrainSummary {
  epochs: number;
  globalStep: number;
  final: Record<string, number>;
  best: CheckpointState['best'];
  stopped: boolean;
}

function snapshotVariables(model: MethodModel): Record<string, StoredTensor> {
  const out: Record<string, StoredTensor> = {};
  for (const [name, variable] of model.variables()) {
    out[name] = { shape: variable.shape, values: (variable.dataSync() as Float32Array).slice() };
  }
  return out;
}

/** Assigns stored weights to the model's variables by name (checkpoint restore, loading a trained run). */
export function restoreVariables(model: MethodModel, stored: Record<string, StoredTensor>): void {
  for (const [name, variable] of model.variables()) {
    const saved = stored[name];
    if (!saved) throw new Error(`checkpoint has no variable '${name}'`);
    if (saved.shape.join('x') !== variable.shape.join('x')) {
      throw new Error(`checkpoint variable '${name}' has shape [${saved.shape}], the model [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(saved.values, saved.shape)));
  }
}

/** The epoch at which `epoch`'s phase began (phases are contiguous runs of one name). */
function phaseStart(model: MethodModel, epoch: number, name: string): number {
  let start = epoch;
  while (start > 0 && model.phase(start - 1).name === name) start--;
  return start;
}

/** Optimisers per (phase, group), created on first use and kept so a phase can continue after a resume. */
class PhaseOptimisers {
  private readonly byKey = new Map<string, { group: ParameterGroup; adam: Adam; names: string[] }>();

  constructor(private readonly model: MethodModel) {}

  forPhase(phase: TrainingPhase) {
    const variables = this.model.variables();
    const claimed = new Set<string>();
    return phase.groups.map((group) => {
      const key = `${phase.name}/${group.prefix}`;
      let entry = this.byKey.get(key);
      if (!entry) {
        const names = [...variables.keys()].filter((n) => n.startsWith(group.prefix) && variables.get(n)!.trainable && !claimed.has(n));
        if (names.length === 0) throw new Error(`phase '${phase.name}': no trainable variable starts with '${group.prefix}'`);
        entry = { group, names, adam: new Adam(names.map((n) => variables.get(n)!), { learningRate: group.learningRate, weightDecay: group.weightDecay }) };
        this.byKey.set(key, entry);
      }
      entry.names.forEach((n) => claimed.add(n));
      return { key, ...entry };
    });
  }

  exportState(): Record<string, ReturnType<Adam['exportState']>> {
    return Object.fromEntries([...this.byKey.entries()].map(([key, e]) => [key, e.adam.exportState()]));
  }

  importState(model: MethodModel, states: CheckpointState['optimisers'], epochs: number): void {
    // Recreate every optimiser the schedule uses, then load those the checkpoint has.
    const seen = new Set<string>();
    for (let e = 0; e < epochs; e++) {
      const phase = model.phase(e);
      if (seen.has(phase.name)) continue;
      seen.add(phase.name);
      for (const entry of this.forPhase(phase)) if (states[entry.key]) entry.adam.importState(states[entry.key]!);
    }
  }

  dispose(): void {
    for (const entry of this.byKey.values()) entry.adam.dispose();
  }
}

/**
 * Trains a method's model over its phases: per batch one gradient step for the phase's groups (a
 * non-finite loss stops the run before the update is applied); per epoch the mean loss terms, metrics
 * of the train and val predictions, the method's after-epoch work, and a checkpoint (also every
 * `checkpointEvery` steps). A checkpoint holds all it takes to resume with the same history.
 */
export async function trainLoop(options: TrainLoopOptions): Promise<TrainSummary> {
  const { model } = options;
  const selectBy = options.selectBy ?? (options.val ? 'val/auc' : 'train/auc');
  const optimisers = new PhaseOptimisers(model);
  let epoch = 0;
  let skipBatches = 0;
  let globalStep = 0;
  let sums: Record<string, number> = {};
  let batchesDone = 0;
  let best: CheckpointState['best'] = null;
  let final: Record<string, number> = {};

  if (options.resume) {
    restoreVariables(model, options.resume.variables);
    optimisers.importState(model, options.resume.optimisers, options.epochs);
    ({ epoch, globalStep, best } = options.resume);
    skipBatches = options.resume.batch;
    sums = { ...options.resume.epochSums };
    batchesDone = options.resume.epochBatches;
  }

  /** Saves the position to resume from: `batch` batches of `atEpoch` are done, in `phase`. */
  const checkpoint = async (atEpoch: number, batch: number, isBest: boolean, phase: string) => {
    const state: CheckpointState = {
      epoch: atEpoch,
      batch,
      globalStep,
      variables: snapshotVariables(model),
      optimisers: optimisers.exportState(),
      epochSums: { ...sums },
      epochBatches: batchesDone,
      best,
    };
    await options.onEvent({ kind: 'checkpoint', state, isBest, phase });
  };

  try {
    for (; epoch < options.epochs; epoch++) {
      const phase = model.phase(epoch);
      const decay = phase.stepDecay ? phase.stepDecay.gamma ** Math.floor((epoch - phaseStart(model, epoch, phase.name)) / phase.stepDecay.stepEpochs) : 1;
      const groups = optimisers.forPhase(phase);
      for (const g of groups) g.adam.learningRate = g.group.learningRate * decay;
      if (skipBatches === 0) await options.onEvent({ kind: 'phase', epoch, phase: phase.name });
      const trained = groups.flatMap((g) => g.names);
      const variables = model.variables();
      const probabilities: number[][] = [];
      const labels: number[] = [];

      let index = 0;
      for (const batch of options.train.batches(epoch)) {
        if (index < skipBatches) {
          disposeMethodBatch(batch);
          index++;
          continue;
        }
        const { values, grads, probs } = tf.tidy(() => {
          let termValues: Record<string, tf.Scalar> = {};
          let batchProbs: tf.Tensor2D | undefined;
          const { value, grads: g } = tf.variableGrads(() => {
            const output = model.forward(batch, { training: true });
            const loss = model.loss(batch, output, { epoch, phase: phase.name });
            termValues = loss.terms;
            batchProbs = tf.keep(tf.softmax(output.logits));
            for (const t of Object.values(loss.terms)) tf.keep(t);
            return loss.total;
          }, trained.map((n) => variables.get(n)!));
          return { values: { loss: value, ...termValues }, grads: g, probs: batchProbs! };
        });
        const numbers = Object.fromEntries(Object.entries(values).map(([k, t]) => [k, t.dataSync()[0]!]));
        tf.dispose(Object.values(values));
        if (!Object.values(numbers).every(Number.isFinite)) {
          tf.dispose([...Object.values(grads), probs]);
          disposeMethodBatch(batch);
          throw new NonFiniteLossError(epoch, index, numbers);
        }
        for (const g of groups) g.adam.apply(g.names.map((n) => grads[variables.get(n)!.name]));
        model.afterStep?.();
        tf.dispose(Object.values(grads));
        probabilities.push(...(probs.arraySync() as number[][]));
        labels.push(...(batch.labels.dataSync() as unknown as Iterable<number>));
        probs.dispose();
        disposeMethodBatch(batch);
        for (const [k, v] of Object.entries(numbers)) sums[k] = (sums[k] ?? 0) + v;
        batchesDone++;
        globalStep++;
        index++;
        await options.onEvent({ kind: 'batch', epoch, batch: index, batches: options.train.batchCount, globalStep, loss: numbers['loss']! });
        // Let timers and signal handlers (a Ctrl-C that aborts `signal`) run between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) {
          await checkpoint(epoch, index, false, phase.name);
          return { epochs: epoch, globalStep, final, best, stopped: true };
        }
        if (options.checkpointEvery && globalStep % options.checkpointEvery === 0 && index < options.train.batchCount) {
          await checkpoint(epoch, index, false, phase.name);
        }
      }
      skipBatches = 0;

      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(sums)) metrics[`train/${k}`] = v / Math.max(batchesDone, 1);
      // After a mid-epoch resume the predictions of the batches before the checkpoint are gone:
      // train metrics then cover the batches trained since.
      for (const [k, v] of Object.entries(options.evaluate(probabilities, labels))) metrics[`train/${k}`] = v;
      const pushSource = options.unaugmentedTrain ?? options.train;
      if (options.recalibrateNormalisation) recalibrate(model, pushSource);
      const trainingEpoch = epoch;
      const extra = await model.afterEpoch?.(epoch, {
        lastEpoch: epoch === options.epochs - 1,
        trainingImages: () => pushSource.batches(0),
        trainingBatches: () => options.train.batches(trainingEpoch),
      });
      if (extra?.metrics) Object.assign(metrics, extra.metrics);
      if (extra?.prototypes) await options.onEvent({ kind: 'prototypes', epoch, globalStep, records: extra.prototypes });
      if (options.val) for (const [k, v] of Object.entries(evaluateSplit(model, options.val, options.evaluate))) metrics[`val/${k}`] = v;
      await options.onEvent({ kind: 'metrics', epoch, globalStep, values: metrics });
      final = metrics;
      sums = {};
      batchesDone = 0;

      const score = metrics[selectBy];
      const isBest = score !== undefined && Number.isFinite(score) && (best === null || score > best.value);
      if (isBest) best = { metric: selectBy, value: score, epoch };
      await checkpoint(epoch + 1, 0, isBest, phase.name);
    }
    return { epochs: options.epochs, globalStep, final, best, stopped: false };
  } finally {
    optimisers.dispose();
  }
}

/** Training-mode forward passes over a split, for their side effect on normalisation statistics. */
export function recalibrate(model: MethodModel, source: BatchSource): void {
  for (const batch of source.batches(0)) {
    tf.tidy(() => {
      model.forward(batch, { training: true });
    });
    disposeMethodBatch(batch);
  }
}

/** Probabilities of a whole split in inference mode, scored by `evaluate`. */
export function evaluateSplit(model: MethodModel, source: BatchSource, evaluate: EvaluatePredictions): Record<string, number> {
  const probabilities: number[][] = [];
  const labels: number[] = [];
  for (const batch of source.batches(0)) {
    const probs = tf.tidy(() => tf.softmax(model.forward(batch, { training: false }).logits));
    probabilities.push(...(probs.arraySync() as number[][]));
    labels.push(...(batch.labels.dataSync() as unknown as Iterable<number>));
    probs.dispose();
    disposeMethodBatch(batch);
  }
  return evaluate(probabilities, labels);
}
