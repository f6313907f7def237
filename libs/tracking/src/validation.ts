/** Input checking at the API boundary: zod schemas, failures turned into InvalidInputError. */
import { z } from 'zod';
import { InvalidInputError } from './errors';

/** Parses `value` with `schema`; on failure names `what` and every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
  throw new InvalidInputError(`${what}: ${problems}`);
}

export const nonEmptyText = z.string().trim().min(1).max(1000);
/** Steps, epochs, indices. */
export const count = z.number().int().nonnegative();
export const optionalText = nonEmptyText.nullable().optional();
