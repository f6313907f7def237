import { SWEEP_ADVANCE_JOB_KIND } from '@protoscope/tracking';
import type { JobContext, JobHandler } from '../worker/job-handler';
import { parsePayload } from '../worker/job-payload';
import { advanceSweep } from './advance-sweep';
import { enqueueSweepAdvance } from './enqueue-trial';

/**
 * How often a running sweep is advanced even when no trial job ended: catches what no handler saw (a
 * trial whose last attempt's worker died, a trial job cancelled while queued).
 */
export const SWEEP_TICK_MS = 15_000;

/**
 * Runs the sweep's controller once. The sweep's `tick` job (one per sweep, queued when it is created)
 * queues the next tick while the sweep runs.
 */
export const sweepAdvanceJob: JobHandler = {
  kind: SWEEP_ADVANCE_JOB_KIND,
  async run({ job, store, jobs, log }: JobContext) {
    const payload = parsePayload(SWEEP_ADVANCE_JOB_KIND, job);
    const result = await advanceSweep({ store, jobs, log, owner: `job-${job.id}` }, payload.sweepId);
    if (payload.tick && result.status === 'running') await enqueueSweepAdvance({ store, jobs }, payload.sweepId, { tick: true, delayMs: SWEEP_TICK_MS });
    return result;
  },
};
