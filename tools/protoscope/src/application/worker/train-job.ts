import { TrainPayloadSchema, type TrainPayload } from '@protoscope/job-contract';
import { trainRun, type TrainProgressUpdate, type TrainRunResult } from '../train/train-run';
import { JobInterruptedError, type JobContext, type JobHandler } from './job-handler';
import { parsePayload, payloadDatasetFolder } from './job-payload';

/** The `train` payload's schema lives in the job contract; re-exported for the code that checks plans against it. */
export { TrainPayloadSchema };

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
  run: (context: JobContext) => train(context, parsePayload('train', context.job)),
};

/** Trains (or resumes, or reports) the run of a checked training payload: the `train` and `sweep-trial` jobs. */
export async function train({ job, store, storeUrl, fence, signal, log, reportProgress, setRun }: JobContext, payload: TrainPayload) {
  const hooks = { onRunCreated: setRun, onProgress: (update: TrainProgressUpdate) => reportProgress(progressOf(update)), fence };
  let result: TrainRunResult | { runId: string; status: 'finished'; metrics: Record<string, number> };
  const earlier = job.runId ? await store.runs.get(job.runId) : undefined;
  if (earlier?.status === 'finished') {
    log(`run ${earlier.id} had finished; reporting it`);
    const latest = await store.metrics.latest(earlier.id);
    result = { runId: earlier.id, status: 'finished', metrics: Object.fromEntries(Object.entries(latest).map(([k, p]) => [k, p.value])) };
  } else if (earlier) {
    log(`resuming run ${earlier.id} from its latest checkpoint`);
    result = await trainRun({ resumeRunId: earlier.id, store: storeUrl, signal, ...hooks });
  } else {
    result = await trainRun({
      method: payload.method,
      data: await payloadDatasetFolder(store, payload.data),
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
}
