/** Field types the payload schemas share, each with the one-line message a caller sees. */
import { z } from 'zod';
import { JOB_BOUNDS } from './job-bounds';
import { DATASET_ID_PATTERN, DATASET_ID_RULE } from './dataset-lookup';

/** An integer from `min` to `max`. */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const error = max === Number.MAX_SAFE_INTEGER ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const seed = () => wholeNumber(0, JOB_BOUNDS.maxSeed);

/** A non-empty string, trimmed. */
export const text = () => z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' });

export const flag = () => z.boolean({ error: 'must be true or false' });

/** One of `names`; the message names the wrong one and lists the right ones. */
export function knownName(what: string, names: readonly string[]) {
  return z.string({ error: `must be a string naming ${what}` }).refine((value) => names.includes(value), {
    error: (issue) => `unknown ${what} "${String(issue.input)}"; valid: ${names.join(', ')}`,
  });
}

/** At least one of `names`, each kept once in the order given. */
export function knownNames(what: string, names: readonly string[]) {
  return z
    .array(knownName(what, names), { error: `must be a list of ${what} names` })
    .min(1, { error: `give at least one ${what} (valid: ${names.join(', ')})` })
    .transform((values) => [...new Set(values)]);
}

/** A JSON object of options (a method's config, a generator's or reader's options). */
export const options = <Value extends z.ZodType>(value: Value) => z.record(z.string(), value, { error: 'must be a JSON object' });

/** A dataset id: letters, digits, `_`, `.` and `-`, starting with a letter or digit (it names a folder). */
export const datasetId = () => z.string({ error: 'must be a string' }).regex(DATASET_ID_PATTERN, { error: (issue) => `dataset id "${String(issue.input)}" ${DATASET_ID_RULE}` });

/** Which images: `all`, `split:NAME` or `ids:ID1,ID2,…` (what `--images` takes). */
export const imageSelection = () =>
  z.string({ error: 'must be a string' }).regex(/^(all|split:.+|ids:.+)$/s, { error: (issue) => `must be "all", "split:NAME" or "ids:ID1,ID2,…", got "${String(issue.input)}"` });

/** Which checkpoint of a run: `latest`, `best` or a step number. */
export const checkpointChoice = () =>
  z.string({ error: 'must be a string' }).regex(/^(latest|best|\d+)$/, { error: (issue) => `must be "latest", "best" or a step number, got "${String(issue.input)}"` });

/** The class a map explains: the predicted one, the label, or a class index. */
export function explanationTarget() {
  const error = 'must be "predicted", "label" or a class index (a whole number from 0)';
  return z.union([z.enum(['predicted', 'label'], { error }), z.number({ error }).int({ error }).min(0, { error })], { error });
}
