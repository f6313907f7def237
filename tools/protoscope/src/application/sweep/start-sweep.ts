import { parseJobPayload } from '@protoscope/job-contract';
import type { CreateSweepInput, JobBackend, Store, Sweep } from '@protoscope/tracking';
import { advanceSweep, type AdvanceResult } from './advance-sweep';
import { enqueueSweepAdvance } from './enqueue-trial';
import { SWEEP_TICK_MS } from './sweep-advance-job';

/** Creates a sweep, queues its first trials at once and starts its periodic tick. */
export async function startSweep(
  store: Store,
  input: CreateSweepInput,
  log?: (line: string) => void,
  /** The job queue its jobs go through (default the store's own). */
  jobs?: JobBackend,
): Promise<{ sweep: Sweep; first: AdvanceResult }> {
  checkTrialSettings(input);
  const sweep = await store.sweeps.create(input);
  const first = await advanceSweep({ store, jobs, log }, sweep.id);
  await enqueueSweepAdvance({ store, jobs }, sweep.id, { tick: true, delayMs: SWEEP_TICK_MS });
  return { sweep, first };
}

/**
 * The controller queues the trials later, as `sweep-trial` jobs: one trial's payload is checked now
 * (a JobPayloadError naming the field), so a sweep whose trials the worker would refuse is never stored.
 */
function checkTrialSettings(input: CreateSweepInput): void {
  const settings = input.settings ?? {};
  parseJobPayload('sweep-trial', {
    method: input.method,
    data: input.dataset,
    seed: input.seed,
    batchSize: settings.batchSize,
    size: settings.size,
    checkpointEvery: settings.checkpointEvery,
    config: settings.config,
    sweep: { id: 'planned', trial: 0, rung: 0 },
  });
}
