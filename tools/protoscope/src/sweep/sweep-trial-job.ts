import { z } from 'zod';
import { SWEEP_TRIAL_JOB_KIND } from '@protoscope/tracking';
import type { JobContext, JobHandler } from '../worker/job-handler';
import { JobPayloadError } from '../worker/job-handler';
import { trainJob } from '../worker/train-job';
import { enqueueSweepAdvance } from './enqueue-trial';

/** After a trial's job ends, the controller runs this much later: the worker has recorded the outcome by then. */
export const ADVANCE_AFTER_TRIAL_MS = 1000;

const SweepFieldSchema = z.strictObject({ id: z.string().min(1), trial: z.number().int().nonnegative(), rung: z.number().int().nonnegative() });

/**
 * A sweep trial: the `train` handler on the trial's run (created by the controller, so training
 * starts it, or resumes it from its latest checkpoint after a promotion or a crash), then a queued
 * advance of the sweep whatever the outcome, so a free slot is filled at once.
 */
export const sweepTrialJob: JobHandler = {
  kind: SWEEP_TRIAL_JOB_KIND,
  separateProcess: true,
  async run(context: JobContext) {
    const payload = context.job.payload;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new JobPayloadError(`job ${context.job.id} (${SWEEP_TRIAL_JOB_KIND}): the payload must be an object`);
    }
    const { sweep, ...train } = payload;
    const parsed = SweepFieldSchema.safeParse(sweep);
    if (!parsed.success) throw new JobPayloadError(`job ${context.job.id} (${SWEEP_TRIAL_JOB_KIND}): invalid "sweep": ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    if (!context.job.runId) throw new JobPayloadError(`job ${context.job.id} (${SWEEP_TRIAL_JOB_KIND}): a trial job needs its run`);
    try {
      return { ...((await trainJob.run({ ...context, job: { ...context.job, payload: train } })) as object), sweep: parsed.data };
    } finally {
      await enqueueSweepAdvance({ store: context.store, jobs: context.jobs }, parsed.data.id, { delayMs: ADVANCE_AFTER_TRIAL_MS }).catch((error: unknown) =>
        context.log(`could not queue the advance of sweep ${parsed.data.id}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  },
};
