import { JobPayloadError, queuedFollowUpPayload, splitFollowUps, type FollowUp } from '@protoscope/job-contract';
import type { EnqueueJobInput, Job, Store } from '@protoscope/tracking';

/**
 * Jobs that ride along in another job's payload as `then: [{kind, payload}]` (the job contract's
 * follow-ups.ts) and are enqueued when it succeeds. (Chaining at completion, instead of jobs that wait
 * on others in the queue, keeps the claim query simple and gives the follow-up the run id it could not
 * know when it was planned.)
 */
export type { FollowUp };

/** The job with `then` taken out of its payload (handlers see only their own fields), and its follow-ups, checked. */
export function takeFollowUps(job: Job): { job: Job; followUps: FollowUp[] } {
  try {
    const { payload, followUps } = splitFollowUps(job.payload);
    return followUps.length === 0 ? { job, followUps } : { job: { ...job, payload: payload as Job['payload'] }, followUps };
  } catch (error) {
    if (error instanceof JobPayloadError) throw new JobPayloadError(`job ${job.id} (${job.kind}): ${error.message}`);
    throw error;
  }
}

/**
 * Enqueues the follow-ups through `enqueue` (the worker's job backend), each payload checked with the
 * run filled in; those of a run that already has a job of that kind (a re-run after a crash) are not
 * enqueued twice.
 */
export async function enqueueFollowUps(
  store: Store,
  enqueue: (input: EnqueueJobInput) => Promise<Job>,
  followUps: readonly FollowUp[],
  runId: string | null,
): Promise<number[]> {
  const ids: number[] = [];
  for (const followUp of followUps) {
    const existing = runId ? (await store.jobs.list({ kind: followUp.kind, runId }))[0] : undefined;
    const payload = queuedFollowUpPayload(followUp, runId);
    const job = existing ?? (await enqueue({ kind: followUp.kind, payload, runId, priority: followUp.priority, maxAttempts: followUp.maxAttempts }));
    ids.push(job.id);
  }
  return ids;
}
