/**
 * How the notebook page writes to the live document. Editors hand back a whole spec; only the keys
 * that differ from the spec they were shown are written, so a key someone else changed meanwhile is
 * not overwritten with this page's older value (and text fields are never rewritten from a copy).
 */
import { updateCell } from '@protoscope/notebook-doc';
import type * as Y from 'yjs';

/** A random RFC 4122 version-4 id; `crypto.getRandomValues` works on plain-http pages too, unlike `randomUUID`. */
export function newCellId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => key in b && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The keys of `next` whose values differ from `shown` (keys dropped from `next` are not a change). */
export function changedSpecKeys(shown: unknown, next: unknown): Record<string, unknown> {
  const before = (typeof shown === 'object' && shown !== null ? shown : {}) as Record<string, unknown>;
  const after = (typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && !sameJson(before[key], value)) changed[key] = value;
  }
  return changed;
}

/** Writes an editor's change to the cell; returns whether anything was written. */
export function writeSpecChange(doc: Y.Doc, cellId: string, shown: unknown, next: unknown): boolean {
  const changed = changedSpecKeys(shown, next);
  if (Object.keys(changed).length === 0) return false;
  return updateCell(doc, cellId, { spec: changed });
}
