/**
 * Params: a run's config flattened to one row per leaf (`optimizer.lr` → 0.001), so runs can be
 * filtered by a config value without parsing JSON in SQL. Arrays are leaves (kept as JSON text);
 * numbers are also kept as numbers for range filters.
 */
import { decodeJson, encodeJson, type JsonObject, type JsonValue } from './json';

export type ParamValueType = 'string' | 'number' | 'boolean' | 'null' | 'json';

export interface ParamRow {
  key: string;
  value: string;
  valueType: ParamValueType;
  valueNumber: number | null;
}

/** Flattens nested objects with dotted keys; empty objects produce no row. */
export function flattenConfig(config: JsonObject): ParamRow[] {
  const rows: ParamRow[] = [];
  const visit = (prefix: string, value: JsonValue): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(prefix === '' ? key : `${prefix}.${key}`, child);
      return;
    }
    rows.push({ key: prefix, ...encodeParam(value) });
  };
  visit('', config);
  return rows;
}

/** The stored form of one value (also used to build equality filters). */
export function encodeParam(value: JsonValue): Omit<ParamRow, 'key'> {
  if (value === null) return { value: '', valueType: 'null', valueNumber: null };
  if (typeof value === 'string') return { value, valueType: 'string', valueNumber: null };
  if (typeof value === 'number') return { value: String(value), valueType: 'number', valueNumber: value };
  if (typeof value === 'boolean') return { value: String(value), valueType: 'boolean', valueNumber: null };
  return { value: encodeJson(value), valueType: 'json', valueNumber: null };
}

export function decodeParam(value: string, valueType: string, valueNumber: number | null): JsonValue {
  switch (valueType) {
    case 'null':
      return null;
    case 'number':
      return valueNumber ?? Number(value);
    case 'boolean':
      return value === 'true';
    case 'json':
      return decodeJson(value);
    default:
      return value;
  }
}
