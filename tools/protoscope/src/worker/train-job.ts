import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Store } from '@protoscope/tracking';
import { trainRun, type TrainProgressUpdate, type TrainRunResult } from '../train/train-run';
import { JobInterruptedError, type JobContext, type JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** `train` payload: what `protoscope train` takes. */
export const TrainPayloadSchema = z.strictObject({
  method: z.string().min(1),
  /** A dataset folder, or the id of a dataset registered in the store. */
  data: z.string().min(1),
  epochs: z.number().int().positive().default(10),
  seed: z.number().int().default(0),
  /** The method's settings (see docs/methods.md). */
  config: z.record(z.string(), z.unknown()).default({}),
  batchSize: z.number().int().positive().default(32),
  size: z.number().int().positive().optional(),
  augment: z.boolean().default(true),
  bnRecalibration: z.boolean().default(true),
  /** Also checkpoint every N steps (epochs always end with one): how much a killed worker's successor redoes. */
  checkpointEvery: z.number().int().positive().optional(),
  name: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).default([]),
});
export type TrainPayload = z.infer<typeof TrainPayloadSchema>;

/** A dataset id registered in the store stands for its folder; anything else is a path. */
async function datasetPath(store: Store, data: string): Promise<string> {
  if (fs.existsSync(path.join(data, 'manifest.json'))) return data;
  const registered = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(data) ? await store.findDataset(data) : undefined;
  return registered ? store.datasetFolder(registered.id) : data;
}

function progressOf(update: TrainProgressUpdate) {
  return {
    fraction: (update.epoch + update.step / Math.max(1, update.of)) / Math.max(1, update.epochs),
    message: JSON.stringify({ epoch: update.epoch, epochs: update.epochs, step: update.step, of: update.of }),
  };
}

/**
 * Trains a run. A job that already has a run (its worker died or stopped, and the job was claimed
 * again) resumes that run from its latest checkpoint; a run that had finished is only reported.
 * Cancellation reaches the training loop through the signal: it checkpoints and stops.
 */
export const trainJob: JobHandler = {
  kind: 'train',
  separateProcess: true,
  async run({ job, store, storeUrl, fence, signal, log, reportProgress, setRun }: JobContext) {
    const payload = parsePayload(TrainPayloadSchema, job);
    const hooks = { onRunCreated: setRun, onProgress: (update: TrainProgressUpdate) => reportProgress(progressOf(update)), fence };
    let result: TrainRunResult | { runId: string; status: 'finished'; metrics: Record<string, number> };
    const earlier = job.runId ? await store.getRun(job.runId) : undefined;
    if (earlier?.status === 'finished') {
      log(`run ${earlier.id} had finished; reporting it`);
      const latest = await store.latestMetrics(earlier.id);
      result = { runId: earlier.id, status: 'finished', metrics: Object.fromEntries(Object.entries(latest).map(([k, p]) => [k, p.value])) };
    } else if (earlier) {
      log(`resuming run ${earlier.id} from its latest checkpoint`);
      result = await trainRun({ resumeRunId: earlier.id, store: storeUrl, signal, ...hooks });
    } else {
      result = await trainRun({
        method: payload.method,
        data: await datasetPath(store, payload.data),
        epochs: payload.epochs,
        seed: payload.seed,
        batchSize: payload.batchSize,
        size: payload.size,
        augment: payload.augment,
        recalibrateNormalisation: payload.bnRecalibration,
        checkpointEvery: payload.checkpointEvery,
        methodConfig: payload.config,
        name: payload.name,
        tags: payload.tags,
        store: storeUrl,
        signal,
        ...hooks,
      });
    }
    if (result.status === 'cancelled') throw new JobInterruptedError(`run ${result.runId} stopped at a checkpoint`);
    return { runId: result.runId, status: result.status, metrics: result.metrics };
  },
};
