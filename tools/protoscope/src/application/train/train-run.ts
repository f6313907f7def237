import * as fs from 'node:fs';
import path from 'node:path';
import { describeEngine, initEngine } from '@protoscope/engine';
import {
  createMethodModel,
  datasetSources,
  decodeCheckpoint,
  encodeCheckpoint,
  METHODS,
  methodDataNeeds,
  NonFiniteLossError,
  trainLoop,
  type CheckpointState,
  type PixelBox,
  type PrototypeRecord,
  type TrainEvent,
} from '@protoscope/core-models';
import { encodeNpy, openDataset } from '@protoscope/datasets';
import { assertStoreExists, openStore, type AttemptFence, type Box, type MetricInput, type Store } from '@protoscope/tracking';
import { epochMetrics } from './epoch-metrics';
import { TrainingProgress } from './progress';
import { registerDatasetFolder } from '../worker/dataset-folders';
import { loadTeacher } from '../runs/load-run';

/** Everything that defines a run besides the method's own config (stored in the run's config). */
export interface TrainingSettings {
  data: string;
  epochs: number;
  seed: number;
  batchSize: number;
  size?: number;
  augment: boolean;
  checkpointEvery?: number;
  /** Re-estimate batch-norm statistics on unaugmented training images before each evaluation (default true). */
  recalibrateNormalisation?: boolean;
}

/** Where a run is within its schedule, reported after every batch. */
export interface TrainProgressUpdate {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, of `of`. */
  step: number;
  of: number;
  globalStep: number;
}

/** Callbacks for a caller that supervises the run (the job worker): awaited, so they may write to the store. */
export interface TrainRunHooks {
  /** As soon as the run exists (created, or found for a resume). */
  onRunCreated?(runId: string): void | Promise<void>;
  onProgress?(update: TrainProgressUpdate): void | Promise<void>;
  /** The job attempt this training belongs to: every write of the run is refused once another attempt holds the job. */
  fence?: AttemptFence;
}

export interface TrainRunOptions extends TrainingSettings, TrainRunHooks {
  method: string;
  methodConfig: object;
  store?: string;
  name?: string;
  tags?: string[];
  signal?: AbortSignal;
}

export interface ResumeRunOptions extends TrainRunHooks {
  resumeRunId: string;
  store?: string;
  signal?: AbortSignal;
}

export interface TrainRunResult {
  runId: string;
  status: 'finished' | 'cancelled';
  method: string;
  backend: string;
  epochs: number;
  globalStep: number;
  best: { metric: string; value: number; epoch: number } | null;
  metrics: Record<string, number>;
  secondsPerEpoch: number;
}

export class TrainingFailedError extends Error {
  override name = 'TrainingFailedError';
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super(message);
  }
}

const toBox = (b: PixelBox): Box => ({ y0: b.hStart, y1: b.hEnd, x0: b.wStart, x1: b.wEnd });

async function savePush(store: Store, runId: string, event: Extract<TrainEvent, { kind: 'prototypes' }>): Promise<void> {
  const items = await Promise.all(
    event.records.map(async (r: PrototypeRecord) => ({
      index: r.prototype,
      classIndex: r.class,
      vector: Array.from(r.vector),
      sourceImageId: r.imageId ?? null,
      sourceSplit: 'train',
      latent: { h: r.latentH, w: r.latentW },
      receptiveField: toBox(r.receptiveField),
      highActivation: toBox(r.highActivation),
      distance: r.distance,
      nearestPatches: r.nearestPatches?.flatMap((n) => (n.imageId ? [{ imageId: n.imageId, classIndex: n.class, box: toBox(n.receptiveField), distance: n.distance }] : [])),
      activationMapArtifact: await store.artifacts.put(encodeNpy({ dtype: '<f4', shape: r.mapShape, data: r.activationMap }), {
        kind: 'activation-map',
        mediaType: 'application/x-npy',
      }),
    })),
  );
  await store.prototypes.save(runId, event.globalStep, items, { epoch: event.epoch });
}

/**
 * One training run end to end: engine, store, dataset, model; the loop's events become the run's
 * metric history, checkpoints (content-addressed files) and prototype provenance; a non-finite loss
 * or an error marks the run failed with the reason; `resumeRunId` continues a run from its latest
 * checkpoint with the settings it was started with.
 */
export async function trainRun(options: TrainRunOptions | ResumeRunOptions): Promise<TrainRunResult> {
  // A new run's method, config and dataset are checked before the store is opened: bad input leaves
  // no new store (nor its folders) behind.
  if (!('resumeRunId' in options)) {
    methodDataNeeds(options.method, options.methodConfig);
    openDataset(path.resolve(options.data));
  }
  const engine = await initEngine();
  // A resume reads a run: a store that does not exist is an error, not a new empty store.
  if ('resumeRunId' in options) assertStoreExists(options.store);
  const store = await openStore(options.store, { fence: options.fence });
  const progress = new TrainingProgress();
  let runId = '';
  try {
    let resume: CheckpointState | undefined;
    let method: string;
    let methodConfig: object;
    let settings: TrainingSettings;
    if ('resumeRunId' in options) {
      const run = await store.runs.get(options.resumeRunId);
      const saved = run.config as { method?: object; training?: TrainingSettings };
      if (!saved.training) throw new TrainingFailedError(run.id, `run ${run.id} was not started by 'protoscope train' and cannot be resumed`);
      ({ method } = run);
      methodConfig = saved.method ?? {};
      settings = saved.training;
      // The recorded folder is where the data was on the machine that started the run; the store's
      // registered location of the dataset is where it is now.
      const registered = run.dataset ? await store.datasets.find(run.dataset) : undefined;
      const folder = registered ? await store.datasets.folder(registered.id) : undefined;
      if (folder && fs.existsSync(path.join(folder, 'manifest.json'))) settings = { ...settings, data: folder };
      runId = run.id;
      const checkpoint = await store.checkpoints.latest(run.id);
      if (checkpoint) resume = decodeCheckpoint(await store.artifacts.get(checkpoint.artifact));
      await store.runs.updateStatus(run.id, 'running');
      await store.runs.update(run.id, { backend: engine.backend });
    } else {
      ({ method, methodConfig } = options);
      settings = { data: path.resolve(options.data), epochs: options.epochs, seed: options.seed, batchSize: options.batchSize, size: options.size, augment: options.augment, checkpointEvery: options.checkpointEvery, recalibrateNormalisation: options.recalibrateNormalisation ?? true };
    }

    const inputs = METHODS[method]?.inputs ?? 'single';
    const needs = methodDataNeeds(method, methodConfig);
    const sources = datasetSources(settings.data, { batchSize: settings.batchSize, seed: settings.seed, size: settings.size, augment: settings.augment, inputs, needs });
    const teacher = needs.teacherRun ? await loadTeacher(store, needs.teacherRun, sources.inputShape) : undefined;
    const { config, model } = createMethodModel(method, methodConfig, { inputShape: sources.inputShape, classes: sources.classes.length, seed: settings.seed, findings: sources.findings, teacher });
    if (!runId) {
      const created = await store.runs.create({
        name: 'name' in options ? (options.name ?? null) : null,
        method,
        dataset: sources.datasetId,
        config: { method: config as object, training: settings },
        seed: settings.seed,
        backend: engine.backend,
        status: 'running',
        tags: 'tags' in options ? options.tags : undefined,
      });
      runId = created.id;
      // Runs find their images through the dataset id: register a folder trained on directly.
      if (fs.existsSync(path.join(settings.data, 'manifest.json')) && !(await store.datasets.find(sources.datasetId))) {
        await registerDatasetFolder(store, settings.data);
      }
    }
    await options.onRunCreated?.(runId);
    process.stderr.write(`run ${runId}: ${method} on ${sources.datasetId} (${describeEngine(engine).replace(/^protoscope: compute backend /, '')})\n`);
    if (sources.pairing) {
      // Metrics of paired methods are over pair examples: each CC/MLO pair twice, once per main view.
      for (const [split, p] of Object.entries(sources.pairing)) {
        if (!p) continue;
        const reasons = Object.entries(p.unpairedByReason).map(([reason, n]) => `${n} ${reason}`).join(', ');
        process.stderr.write(`${split}: ${p.pairs} CC/MLO pairs → ${p.examples} examples; ${p.unpaired} unpaired images left out${reasons ? ` (${reasons})` : ''}\n`);
      }
    }

    let epochStart = Date.now();
    const epochSeconds: number[] = [];
    let epochPoints: MetricInput[] = [];
    const summary = await trainLoop({
      model,
      train: sources.train,
      unaugmentedTrain: sources.unaugmentedTrain,
      val: sources.val,
      epochs: settings.epochs,
      evaluate: epochMetrics(sources.classes),
      checkpointEvery: settings.checkpointEvery,
      recalibrateNormalisation: settings.recalibrateNormalisation ?? true,
      resume,
      signal: 'signal' in options ? options.signal : undefined,
      onEvent: async (event) => {
        switch (event.kind) {
          case 'phase':
            epochStart = Date.now();
            progress.epochStarted(event.epoch, settings.epochs, sources.train.batchCount, event.phase);
            return;
          case 'batch':
            progress.batchDone(event.batch, event.loss);
            await options.onProgress?.({ epoch: event.epoch, epochs: settings.epochs, step: event.batch, of: event.batches, globalStep: event.globalStep });
            return;
          case 'metrics': {
            const seconds = (Date.now() - epochStart) / 1000;
            epochSeconds.push(seconds);
            const values = { ...event.values, 'time/epochSeconds': seconds };
            // Stored with the checkpoint that follows every epoch, in one transaction (saveCheckpoint).
            epochPoints = Object.entries(values).map(([key, value]) => ({ key, value, step: event.globalStep, epoch: event.epoch }));
            await store.runs.heartbeat(runId);
            progress.epochDone(event.epoch, settings.epochs, event.values, seconds);
            return;
          }
          case 'checkpoint': {
            const artifact = await store.artifacts.put(encodeCheckpoint(event.state), { kind: 'checkpoint', mediaType: 'application/octet-stream' });
            await store.checkpoints.save(runId, {
              step: event.state.globalStep,
              epoch: event.state.epoch,
              artifact,
              isBest: event.isBest,
              metricKey: event.isBest ? (event.state.best?.metric ?? null) : null,
              metricValue: event.isBest ? (event.state.best?.value ?? null) : null,
              stage: event.phase,
            }, epochPoints);
            epochPoints = [];
            return;
          }
          case 'prototypes':
            await savePush(store, runId, event);
            return;
        }
      },
    });
    model.dispose();
    const status = summary.stopped ? 'cancelled' : 'finished';
    await store.runs.updateStatus(runId, status);
    return {
      runId,
      status,
      method,
      backend: engine.backend,
      epochs: summary.epochs,
      globalStep: summary.globalStep,
      best: summary.best,
      metrics: summary.final,
      secondsPerEpoch: epochSeconds.length ? epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length : 0,
    };
  } catch (error) {
    progress.stop();
    if (runId) await store.runs.updateStatus(runId, 'failed', { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    if (error instanceof NonFiniteLossError) throw new TrainingFailedError(runId, `run ${runId}: ${error.message}`);
    throw error;
  } finally {
    await store.close();
  }
}
