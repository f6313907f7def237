import { SWEEP_TRIAL_JOB_KIND } from '@protoscope/tracking';
import type { JobContext, JobHandler } from '../worker/job-handler';
import { JobPayloadError } from '../worker/job-handler';
import { parsePayload } from '../worker/job-payload';
import { train } from '../worker/train-job';
import { enqueueSweepAdvance } from './enqueue-trial';

/** After a trial's job ends, the controller runs this much later: the worker has recorded the outcome by then. */
export const ADVANCE_AFTER_TRIAL_MS = 1000;

/**
 * A sweep trial: the training of the `train` handler on the trial's run (created by the controller, so
 * training starts it, or resumes it from its latest checkpoint after a promotion or a crash), then a
 * queued advance of the sweep whatever the outcome, so a free slot is filled at once.
 */
export const sweepTrialJob: JobHandler = {
  kind: SWEEP_TRIAL_JOB_KIND,
  separateProcess: true,
  async run(context: JobContext) {
    const { sweep, ...training } = parsePayload(SWEEP_TRIAL_JOB_KIND, context.job);
    if (!context.job.runId) throw new JobPayloadError(`job ${context.job.id} (${SWEEP_TRIAL_JOB_KIND}): a trial job needs its run`);
    try {
      return { ...((await train(context, training)) as object), sweep };
    } finally {
      await enqueueSweepAdvance({ store: context.store, jobs: context.jobs }, sweep.id, { delayMs: ADVANCE_AFTER_TRIAL_MS }).catch((error: unknown) =>
        context.log(`could not queue the advance of sweep ${sweep.id}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  },
};
