import { z } from 'zod';
import { JobPayloadError } from './job-payload-error';
import { isJobKind, JOB_KINDS, JOB_PAYLOAD_SCHEMAS, type JobKind, type JobPayloads } from './job-kinds';

/**
 * The payload of a `kind` job, checked and with its defaults filled in; a {@link JobPayloadError} with
 * one line naming every wrong field otherwise (`invalid train payload: epochs: must be a whole number
 * from 1 to 1000, got 5000`).
 */
export function parseJobPayload<Kind extends JobKind>(kind: Kind, value: unknown): JobPayloads[Kind];
export function parseJobPayload(kind: string, value: unknown): JobPayloads[JobKind];
export function parseJobPayload(kind: string, value: unknown): JobPayloads[JobKind] {
  if (!isJobKind(kind)) throw new JobPayloadError(`unknown job kind "${kind}"; job kinds: ${JOB_KINDS.join(', ')}`);
  const schema: z.ZodType = JOB_PAYLOAD_SCHEMAS[kind];
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data as JobPayloads[JobKind];
  const fields = Object.keys(JOB_PAYLOAD_SCHEMAS[kind].shape);
  const problems = result.error.issues.map((issue) => describeIssue(issue, fields)).join('; ');
  throw new JobPayloadError(`invalid ${kind} payload: ${problems}`, problems);
}

/** `methods[1]`, `sweep.trial`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One issue as `field: what is wrong`; `fields` are listed when an unknown field is given at the top. */
export function describeIssue(issue: z.core.$ZodIssue, fields: readonly string[]): string {
  const field = fieldName(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${field ? `${field}: ` : ''}${keys} ${issue.keys.length > 1 ? 'are not fields' : 'is not a field'}${field ? '' : ` (fields: ${fields.join(', ')})`}`;
  }
  if (field === '') return issue.code === 'custom' ? issue.message : `the payload must be a JSON object, got ${shown(issue.input)}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${field}: is required`;
  // Say what was given when it is short: a wrong type, or a number out of range.
  const withInput = issue.code === 'invalid_type' || ((issue.code === 'too_small' || issue.code === 'too_big') && typeof issue.input === 'number');
  return `${field}: ${issue.message}${withInput ? `, got ${shown(issue.input)}` : ''}`;
}
