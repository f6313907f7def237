/**
 * Cell operations on a notebook document. Each runs in one Yjs transaction (nested inside the
 * caller's own `doc.transact(…, origin)` when there is one, so callers choose the origin their undo
 * managers and observers see). Ids in `order` that are duplicated (two peers moved a cell at once) or
 * dangling (one peer moved a cell another deleted) are ignored by every read and removed by every
 * write, so all peers see the same list.
 */
import * as Y from 'yjs';
import {
  CELL_SPEC_KEY,
  CELL_TYPE_KEY,
  cellMap,
  cellsMap,
  orderArray,
  specMap,
  type PlainCell,
} from './document-shape';
import { NotebookDocError } from './errors';
import { jsonEqual, toJsonObject, type JsonObject, type JsonValue } from './json';
import { replaceText } from './text-diff';
import { isTextField } from './text-fields';

export interface NewCell {
  id: string;
  type: string;
  spec?: object;
  /** Where to insert (0 = first); default and anything past the end append. */
  index?: number;
}

export interface CellChange {
  type?: string;
  /** Keys given replace their values (text fields by a minimal edit); keys not given stay. */
  spec?: object;
}

export interface ChangeOptions {
  /** Also delete the spec keys not given (restoring a version); default false. */
  replaceSpec?: boolean;
}

/** Adds a cell; the id must be new to the document. */
export function addCell(doc: Y.Doc, cell: NewCell): void {
  const id = checkId(cell.id, 'addCell: id');
  const type = checkType(cell.type, `addCell: type of cell ${id}`);
  const spec = toJsonObject(cell.spec ?? {}, `addCell: spec of cell ${id}`);
  checkTextFields(type, spec, `addCell: spec of ${type} cell ${id}`);
  if (cell.index !== undefined) checkIndex(cell.index, `addCell: index of cell ${id}`);
  doc.transact(() => {
    if (cellsMap(doc).has(id)) throw new NotebookDocError(`addCell: the notebook already has a cell ${id}`);
    repairOrder(doc);
    const entry = new Y.Map<unknown>();
    entry.set(CELL_TYPE_KEY, type);
    const specEntry = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(spec)) specEntry.set(key, storedValue(type, key, value));
    entry.set(CELL_SPEC_KEY, specEntry);
    cellsMap(doc).set(id, entry);
    const order = orderArray(doc);
    order.insert(Math.min(cell.index ?? order.length, order.length), [id]);
  });
}

/**
 * Applies a partial change: `type` if given, and each spec key given (keys equal to what the document
 * holds are left untouched, so they make no update). Returns whether anything changed.
 */
export function updateCell(doc: Y.Doc, cellId: string, change: CellChange, options: ChangeOptions = {}): boolean {
  const entry = requireCell(doc, cellId, 'updateCell');
  const currentType = String(entry.get(CELL_TYPE_KEY) ?? '');
  const type = change.type === undefined ? currentType : checkType(change.type, `updateCell: type of cell ${cellId}`);
  const spec = change.spec === undefined ? undefined : toJsonObject(change.spec, `updateCell: spec of cell ${cellId}`);
  if (spec) checkTextFields(type, spec, `updateCell: spec of ${type} cell ${cellId}`);
  // Checked before anything is written: a key that is text in the new type must already be text.
  const existing = specMap(entry);
  if (type !== currentType && existing) {
    for (const [key, value] of existing.entries()) {
      const given = spec !== undefined && key in spec;
      if (!given && isTextField(type, key) && typeof plainValue(value) !== 'string') {
        throw new NotebookDocError(`updateCell: spec.${key} of cell ${cellId} must be text to become a ${type} cell`);
      }
    }
  }
  let changed = false;
  doc.transact(() => {
    let target = existing;
    if (!target) {
      target = new Y.Map<unknown>();
      entry.set(CELL_SPEC_KEY, target);
      changed = true;
    }
    if (type !== currentType) {
      entry.set(CELL_TYPE_KEY, type);
      changed = true;
      // A key that is text in one type and JSON in the other changes representation.
      for (const [key, value] of [...target.entries()]) {
        const given = spec !== undefined && key in spec;
        if (!given && isTextField(type, key) !== value instanceof Y.Text) target.set(key, storedValue(type, key, plainValue(value)));
      }
    }
    if (spec) {
      for (const [key, value] of Object.entries(spec)) changed = setSpecKey(target, type, key, value) || changed;
      if (options.replaceSpec) {
        for (const key of [...target.keys()]) {
          if (!(key in spec)) {
            target.delete(key);
            changed = true;
          }
        }
      }
    }
  });
  return changed;
}

/** Moves the cell to `index` of the notebook (clamped to the last index); the others shift. */
export function moveCell(doc: Y.Doc, cellId: string, index: number): void {
  requireCell(doc, cellId, 'moveCell');
  checkIndex(index, `moveCell: index of cell ${cellId}`);
  doc.transact(() => {
    repairOrder(doc);
    const order = orderArray(doc);
    const from = order.toArray().indexOf(cellId);
    const to = Math.min(index, order.length - 1);
    if (from === to) return;
    order.delete(from, 1);
    order.insert(to, [cellId]);
  });
}

export function deleteCell(doc: Y.Doc, cellId: string): void {
  requireCell(doc, cellId, 'deleteCell');
  doc.transact(() => {
    cellsMap(doc).delete(cellId);
    repairOrder(doc);
  });
}

/** The cell as plain JSON, or undefined when the document has no such cell. */
export function readCell(doc: Y.Doc, cellId: string): PlainCell | undefined {
  const entry = cellMap(doc, cellId);
  return entry ? toPlainCell(cellId, entry) : undefined;
}

/** Every cell in notebook order. */
export function readCells(doc: Y.Doc): PlainCell[] {
  const cells = cellsMap(doc);
  return cellOrder(doc).map((id) => toPlainCell(id, cells.get(id)!));
}

/**
 * The cell ids in notebook order: `order` without duplicates or ids of deleted cells, then any cell
 * missing from `order` (sorted by id, so every peer agrees).
 */
export function cellOrder(doc: Y.Doc): string[] {
  const cells = cellsMap(doc);
  const seen = new Set<string>();
  for (const id of orderArray(doc).toArray()) {
    if (cells.has(id)) seen.add(id);
  }
  const orphans = [...cells.keys()].filter((id) => !seen.has(id)).sort();
  return [...seen, ...orphans];
}

/** The shared text of a text field (what an editor binds to), or undefined if the cell has none yet. */
export function cellText(doc: Y.Doc, cellId: string, key: string): Y.Text | undefined {
  const entry = cellMap(doc, cellId);
  const value = entry && specMap(entry)?.get(key);
  return value instanceof Y.Text ? value : undefined;
}

/**
 * Rewrites `order` to match {@link cellOrder}: duplicates and dangling ids removed, orphans appended.
 * Returns whether it changed anything.
 */
export function repairOrder(doc: Y.Doc): boolean {
  const order = orderArray(doc);
  const cells = cellsMap(doc);
  const ids = order.toArray();
  const seen = new Set<string>();
  const stale: number[] = [];
  ids.forEach((id, index) => {
    if (!cells.has(id) || seen.has(id)) stale.push(index);
    else seen.add(id);
  });
  const orphans = [...cells.keys()].filter((id) => !seen.has(id)).sort();
  if (stale.length === 0 && orphans.length === 0) return false;
  doc.transact(() => {
    for (const index of stale.reverse()) order.delete(index, 1);
    if (orphans.length > 0) order.push(orphans);
  });
  return true;
}

function setSpecKey(target: Y.Map<unknown>, type: string, key: string, value: JsonValue): boolean {
  const current = target.get(key);
  if (isTextField(type, key)) {
    if (current instanceof Y.Text) {
      const before = current.toString();
      replaceText(current, value as string);
      return before !== value;
    }
    target.set(key, storedValue(type, key, value));
    return true;
  }
  if (current !== undefined && !(current instanceof Y.AbstractType) && jsonEqual(current as JsonValue, value)) return false;
  target.set(key, value);
  return true;
}

function storedValue(type: string, key: string, value: JsonValue): unknown {
  return isTextField(type, key) ? new Y.Text(value as string) : value;
}

function toPlainCell(id: string, entry: Y.Map<unknown>): PlainCell {
  // Keys sorted: peers' maps may iterate in different orders, their plain cells must not differ.
  const spec: JsonObject = {};
  const map = specMap(entry);
  for (const key of [...(map?.keys() ?? [])].sort()) spec[key] = plainValue(map!.get(key));
  return { id, type: String(entry.get(CELL_TYPE_KEY) ?? ''), spec };
}

function plainValue(value: unknown): JsonValue {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return value.toJSON() as JsonValue;
  // A copy: the document's own object must not be changed by a caller.
  return value === undefined ? null : (structuredClone(value) as JsonValue);
}

function requireCell(doc: Y.Doc, cellId: string, what: string): Y.Map<unknown> {
  const entry = cellMap(doc, cellId);
  if (!entry) throw new NotebookDocError(`${what}: the notebook has no cell ${cellId}`);
  return entry;
}

function checkTextFields(type: string, spec: JsonObject, what: string): void {
  for (const [key, value] of Object.entries(spec)) {
    if (isTextField(type, key) && typeof value !== 'string') {
      throw new NotebookDocError(`${what}: ${key} is shared text and must be a string, got ${JSON.stringify(value)}`);
    }
  }
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new NotebookDocError(`${what} must be a non-empty string`);
  return id;
}

function checkType(type: unknown, what: string): string {
  if (typeof type !== 'string' || type.trim().length === 0) throw new NotebookDocError(`${what} must be a non-empty string`);
  return type;
}

function checkIndex(index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0) throw new NotebookDocError(`${what} must be a whole number ≥ 0, got ${index}`);
}
