/**
 * A run's config flattened to dotted keys, the same way the store flattens it into params (nested
 * objects recurse, arrays and scalars are leaves, empty objects vanish). Computed from `run.config`,
 * which listing already returns, so filtering and diffing need no extra query per run.
 */
import type { JsonObject, JsonValue } from '@protoscope/tracking';

export function flattenConfig(config: JsonObject): Map<string, JsonValue> {
  const flat = new Map<string, JsonValue>();
  const visit = (prefix: string, value: JsonValue): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(prefix === '' ? key : `${prefix}.${key}`, child);
      return;
    }
    flat.set(prefix, value);
  };
  visit('', config);
  return flat;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => k in bo && jsonEqual(ao[k], bo[k]));
}
