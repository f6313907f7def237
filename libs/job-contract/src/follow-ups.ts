/**
 * Jobs that need another job's output — explanations of a trained run, trainings on a dataset being
 * generated — ride along in that job's payload as `then: [{kind, payload}]` and are queued when it
 * succeeds. A follow-up of a job with a run gets `runId` in its payload (when its kind takes one) and
 * as its run. Follow-ups are checked when their job starts, so a misspelt explainer fails the job
 * before its training rather than after it.
 */
import { z } from 'zod';
import { knownName, options, wholeNumber } from './fields';
import { JobPayloadError } from './job-payload-error';
import { JOB_KINDS, takesRunId, type JobKind } from './job-kinds';
import { describeIssue, parseJobPayload } from './parse-job-payload';

export const FOLLOW_UPS_FIELD = 'then';

const FollowUpSchema = z.strictObject({
  kind: knownName('job kind', JOB_KINDS),
  payload: options(z.unknown()).default({}),
  priority: wholeNumber(-1_000_000, 1_000_000).optional(),
  maxAttempts: wholeNumber(1, 100).optional(),
});

export interface FollowUp {
  kind: string;
  payload: Record<string, unknown>;
  priority?: number;
  maxAttempts?: number;
}

/** Stands for the run a follow-up will get, while it is checked before that run exists. */
const RUN_TO_COME = 'run-of-the-job';

/** The payload without `then`, and its follow-ups, each checked against its kind's schema. */
export function splitFollowUps(payload: unknown): { payload: unknown; followUps: FollowUp[] } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !(FOLLOW_UPS_FIELD in payload)) return { payload, followUps: [] };
  const { [FOLLOW_UPS_FIELD]: raw, ...rest } = payload as Record<string, unknown>;
  const parsed = z.array(FollowUpSchema, { error: 'must be a list of {kind, payload}' }).safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue({ ...issue, path: [FOLLOW_UPS_FIELD, ...issue.path] }, [])).join('; ');
    throw new JobPayloadError(`invalid "${FOLLOW_UPS_FIELD}": ${problems}`);
  }
  parsed.data.forEach((followUp, i) => {
    try {
      // A follow-up may have follow-ups of its own (generate, then train, then explain): checked likewise.
      parseJobPayload(followUp.kind, splitFollowUps(followUpPayload(followUp, RUN_TO_COME)).payload);
    } catch (error) {
      throw error instanceof JobPayloadError ? new JobPayloadError(`invalid "${FOLLOW_UPS_FIELD}"[${i}]: ${error.message}`) : error;
    }
  });
  return { payload: rest, followUps: parsed.data };
}

/**
 * The payload a follow-up is queued with, checked against its kind: its own, with the run of the job
 * it follows where its kind takes one, and its own follow-ups (`then`) kept for when it succeeds.
 */
export function queuedFollowUpPayload(followUp: FollowUp, runId: string | null): Record<string, unknown> {
  const { payload, followUps } = splitFollowUps(followUpPayload(followUp, runId));
  const parsed = parseJobPayload(followUp.kind, payload) as Record<string, unknown>;
  return followUps.length > 0 ? { ...parsed, [FOLLOW_UPS_FIELD]: followUps } : parsed;
}

/** A follow-up's own payload, with the run of the job it follows where its kind takes one. */
export function followUpPayload(followUp: FollowUp, runId: string | null): Record<string, unknown> {
  return runId !== null && takesRunId(followUp.kind as JobKind) ? { ...followUp.payload, runId } : followUp.payload;
}
