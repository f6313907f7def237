/** A `JSON` argument that must be an object (a cell's spec, a method config): absent or null is undefined. */
import type { JsonObject, JsonValue } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';

export function jsonObjectArg(value: JsonValue | null | undefined, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badInput(`${name} must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value;
}
