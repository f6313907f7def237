import { z } from 'zod';
import type { EnqueueJobInput, Job, Store } from '@protoscope/tracking';
import { JobPayloadError } from './job-handler';

/**
 * Jobs that need another job's output — explanations of a trained run, trainings on a dataset being
 * generated — ride along in that job's payload as `then: [{kind, payload}]` and are enqueued when it
 * succeeds. A follow-up of a job with a run gets `runId` in its payload and as its run. (Chaining at
 * completion, instead of jobs that wait on others in the queue, keeps the claim query simple and
 * gives the follow-up the run id it could not know when it was planned.)
 */
export const FOLLOW_UPS_FIELD = 'then';

export interface FollowUp {
  kind: string;
  payload: Record<string, unknown>;
  priority?: number;
  maxAttempts?: number;
}

const FollowUpSchema: z.ZodType<FollowUp> = z.strictObject({
  kind: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
  priority: z.number().int().optional(),
  maxAttempts: z.number().int().positive().optional(),
});
const FollowUpsSchema = z.array(FollowUpSchema);

/** The job with `then` taken out of its payload (handlers see only their own fields), and the follow-ups. */
export function takeFollowUps(job: Job): { job: Job; followUps: FollowUp[] } {
  const payload = job.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !(FOLLOW_UPS_FIELD in payload)) return { job, followUps: [] };
  const { [FOLLOW_UPS_FIELD]: raw, ...rest } = payload;
  const parsed = FollowUpsSchema.safeParse(raw);
  if (!parsed.success) throw new JobPayloadError(`job ${job.id} (${job.kind}): invalid "${FOLLOW_UPS_FIELD}": ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return { job: { ...job, payload: rest }, followUps: parsed.data };
}

/**
 * Enqueues the follow-ups through `enqueue` (the worker's job backend); those of a run that already
 * has a job of that kind (a re-run after a crash) are not enqueued twice.
 */
export async function enqueueFollowUps(
  store: Store,
  enqueue: (input: EnqueueJobInput) => Promise<Job>,
  followUps: readonly FollowUp[],
  runId: string | null,
): Promise<number[]> {
  const ids: number[] = [];
  for (const followUp of followUps) {
    const existing = runId ? (await store.listJobs({ kind: followUp.kind, runId }))[0] : undefined;
    const payload = runId ? { ...followUp.payload, runId } : followUp.payload;
    const job = existing ?? (await enqueue({ kind: followUp.kind, payload, runId, priority: followUp.priority, maxAttempts: followUp.maxAttempts }));
    ids.push(job.id);
  }
  return ids;
}
