import type { PlainCell } from './document-shape';
import { jsonEqual } from './json';

export interface ChangedCell {
  id: string;
  before: PlainCell;
  after: PlainCell;
  typeChanged: boolean;
  /** Spec keys added, removed or given another value, sorted. */
  keys: string[];
}

export interface CellsDiff {
  /** In the order of `after`. */
  added: PlainCell[];
  /** In the order of `before`. */
  removed: PlainCell[];
  /** Cells in both whose type or spec differ, in the order of `after`. */
  changed: ChangedCell[];
  /**
   * Cells in both whose place relative to the others changed: those outside the longest run of
   * cells kept in the same relative order (so moving one cell reports one id, not every cell it passed).
   */
  moved: string[];
}

/** The difference between two versions of a notebook's cells. */
export function diffCells(before: readonly PlainCell[], after: readonly PlainCell[]): CellsDiff {
  const beforeById = new Map(before.map((cell) => [cell.id, cell]));
  const afterIds = new Set(after.map((cell) => cell.id));
  const added = after.filter((cell) => !beforeById.has(cell.id));
  const removed = before.filter((cell) => !afterIds.has(cell.id));
  const changed: ChangedCell[] = [];
  for (const cell of after) {
    const old = beforeById.get(cell.id);
    if (!old) continue;
    const keys = [...new Set([...Object.keys(old.spec), ...Object.keys(cell.spec)])]
      .filter((key) => !(key in old.spec && key in cell.spec && jsonEqual(old.spec[key]!, cell.spec[key]!)))
      .sort();
    const typeChanged = old.type !== cell.type;
    if (typeChanged || keys.length > 0) changed.push({ id: cell.id, before: old, after: cell, typeChanged, keys });
  }
  const keptBefore = before.filter((cell) => afterIds.has(cell.id)).map((cell) => cell.id);
  const keptAfter = after.filter((cell) => beforeById.has(cell.id)).map((cell) => cell.id);
  const inPlace = new Set(longestCommonSubsequence(keptBefore, keptAfter));
  const moved = keptAfter.filter((id) => !inPlace.has(id));
  return { added, removed, changed, moved };
}

/** Classic dynamic programme; notebooks have hundreds of cells at most. */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): string[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j] ? table[(i + 1) * cols + j + 1]! + 1 : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) i++;
    else j++;
  }
  return out;
}
