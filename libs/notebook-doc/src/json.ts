import { NotebookDocError } from './errors';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Checks that `value` is plain JSON (what a Y.Map can hold and give back unchanged) and returns a copy
 * without `undefined` properties. `what` names the value in the error.
 */
export function toJson(value: unknown, what: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotebookDocError(`${what} must be a finite number, got ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toJson(item, `${what}[${i}]`));
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value as object)) {
      if (item !== undefined) out[key] = toJson(item, `${what}.${key}`);
    }
    return out;
  }
  throw new NotebookDocError(`${what} must be JSON (string, number, boolean, null, array or plain object), got ${describe(value)}`);
}

export function toJsonObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NotebookDocError(`${what} must be a plain object, got ${describe(value)}`);
  }
  return toJson(value, what) as JsonObject;
}

/** Structural equality of two JSON values (key order of objects ignored). */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as JsonValue[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]!));
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => k in right && jsonEqual(left[k]!, right[k]!));
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'an unknown class'}`;
  return `${typeof value} ${String(value)}`;
}
