/**
 * JSON columns. Values are checked before they are written (no functions, no NaN, no class instances)
 * so what comes back is exactly what went in; both dialects hand the column back as text (PostgreSQL's
 * `jsonb` parser is switched off in `dialect.ts`), decoded here.
 */
import { InvalidInputError } from './errors';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Checks that `value` is plain JSON and returns a copy without `undefined` properties (as
 * `JSON.stringify` would drop them). `what` names the value in the error message.
 */
export function toJsonValue(value: unknown, what: string): JsonValue {
  return convert(value, what, new Set());
}

/** Like {@link toJsonValue} but requires an object at the top (a run config, a job payload). */
export function toJsonObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(`${what} must be a plain object, got ${describe(value)}`);
  }
  return toJsonValue(value, what) as JsonObject;
}

export function encodeJson(value: JsonValue): string {
  return JSON.stringify(value);
}

export function decodeJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

export function decodeJsonOrNull(text: string | null): JsonValue | null {
  return text === null ? null : decodeJson(text);
}

function convert(value: unknown, where: string, seen: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InvalidInputError(`${where} is ${value}; JSON has no NaN or Infinity (store it as null or a string)`);
    }
    return value;
  }
  if (typeof value !== 'object') {
    throw new InvalidInputError(`${where} is a ${typeof value}, which JSON cannot hold`);
  }
  if (seen.has(value)) throw new InvalidInputError(`${where} refers to itself (a cycle)`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, i) => convert(item, `${where}[${i}]`, seen));
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.from(value as unknown as ArrayLike<number | bigint>, (item, i) =>
        convert(typeof item === 'bigint' ? Number(item) : item, `${where}[${i}]`, seen),
      );
    }
    // A plain object's prototype is Object.prototype (of any realm) or null.
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      throw new InvalidInputError(`${where} is a ${describe(value)}; only plain objects, arrays and primitives are JSON`);
    }
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = convert(item, `${where}.${key}`, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
