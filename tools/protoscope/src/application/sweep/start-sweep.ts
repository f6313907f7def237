import { parseJobPayload, plannedTrialPayload } from '@protoscope/job-contract';
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

/** One planned trial's payload of the job contract, checked (a JobPayloadError naming the field) before the sweep is stored. */
function checkTrialSettings(input: CreateSweepInput): void {
  const settings = input.settings ?? {};
  const { batchSize, size, checkpointEvery, config } = settings;
  parseJobPayload('sweep-trial', plannedTrialPayload({ method: input.method, data: input.dataset, seed: input.seed, batchSize, size, checkpointEvery, config }));
}
