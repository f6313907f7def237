import { parseJobPayload } from '@protoscope/job-contract';
import { EmbeddedJobBackend, SWEEP_ADVANCE_JOB_KIND, SWEEP_TRIAL_JOB_KIND, type Job, type JobBackend, type Store, type Sweep } from '@protoscope/tracking';

/** What enqueueing needs: the store, and the job queue (default the store's own, `embedded`). */
export interface SweepQueueDeps {
  store: Store;
  jobs?: Pick<JobBackend, 'enqueue' | 'cancel'>;
}

/** The queue sweep jobs go through: the one given, else the store's own. */
export function sweepQueue(deps: SweepQueueDeps): Pick<JobBackend, 'enqueue' | 'cancel'> {
  return deps.jobs ?? new EmbeddedJobBackend(deps.store);
}

export interface TrialJobTarget {
  sweep: Sweep;
  runId: string;
  trial: number;
  rung: number;
  /** Epochs the run trains to in all (a promotion raises them). */
  epochs: number;
  /** The trial's method config (the sweep's base config with the trial's params set). */
  config: Record<string, unknown>;
}

/**
 * Queues the job that trains (or continues) one trial's run: a `train` payload plus `sweep`, with the
 * run as the job's run, so the train handler resumes that run from its latest checkpoint. Every trial
 * job goes through here.
 */
export async function enqueueTrial(deps: SweepQueueDeps, target: TrialJobTarget): Promise<Job> {
  const { sweep } = target;
  // Checked by the job contract here, so a plan the worker would refuse is never queued.
  const payload = parseJobPayload(SWEEP_TRIAL_JOB_KIND, {
    sweep: { id: sweep.id, trial: target.trial, rung: target.rung },
    method: sweep.method,
    data: sweep.dataset,
    epochs: target.epochs,
    seed: sweep.seed,
    config: target.config,
    ...(sweep.settings.batchSize !== undefined ? { batchSize: sweep.settings.batchSize } : {}),
    ...(sweep.settings.size !== undefined ? { size: sweep.settings.size } : {}),
    ...(sweep.settings.checkpointEvery !== undefined ? { checkpointEvery: sweep.settings.checkpointEvery } : {}),
    tags: [`sweep:${sweep.id}`],
  });
  return sweepQueue(deps).enqueue({ kind: SWEEP_TRIAL_JOB_KIND, runId: target.runId, payload });
}

/**
 * Queues a run of the controller for the sweep: after a trial's job ends (`delayMs` lets the worker
 * record the job's outcome first), when a sweep is created, or as the sweep's periodic `tick`.
 */
export async function enqueueSweepAdvance(deps: SweepQueueDeps, sweepId: string, options: { delayMs?: number; tick?: boolean } = {}): Promise<Job> {
  return sweepQueue(deps).enqueue({
    kind: SWEEP_ADVANCE_JOB_KIND,
    payload: parseJobPayload(SWEEP_ADVANCE_JOB_KIND, { sweepId, ...(options.tick ? { tick: true } : {}) }),
    priority: 10,
    availableAt: options.delayMs ? new Date(Date.now() + options.delayMs) : undefined,
  });
}
