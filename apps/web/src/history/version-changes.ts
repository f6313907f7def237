/**
 * A version's changes in words: each cell added, removed, changed (which keys; for shared text how
 * many characters went in and out) or moved, between two lists of cells (`diffCells` of
 * @protoscope/notebook-doc does the comparing).
 */
import { diffCells, isTextField, type PlainCell } from '@protoscope/notebook-doc';

export interface ChangeRow {
  kind: 'added' | 'removed' | 'changed' | 'moved';
  cellId: string;
  /** "Markdown: Seeded for the browser test". */
  cell: string;
  /** What changed, for `changed` rows: "source (+12 −3 characters), view". */
  detail: string;
}

/** A cell in a few words: its type's title and the first line of its text (or nothing). */
export function describeCell(cell: PlainCell, titleOf: (type: string) => string): string {
  const text = ['source', 'query'].map((key) => cell.spec[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  const firstLine = text?.trim().split('\n')[0]!.replace(/^#+\s*/, '').trim();
  const excerpt = firstLine && firstLine.length > 48 ? `${firstLine.slice(0, 47)}…` : firstLine;
  return excerpt ? `${titleOf(cell.type)}: ${excerpt}` : titleOf(cell.type);
}

/** Characters inserted and deleted between two texts, outside their common prefix and suffix. */
export function textDelta(before: string, after: string): { inserted: number; deleted: number } {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { inserted: after.length - prefix - suffix, deleted: before.length - prefix - suffix };
}

export function versionChanges(before: readonly PlainCell[], after: readonly PlainCell[], titleOf: (type: string) => string): ChangeRow[] {
  const diff = diffCells(before, after);
  const rows: ChangeRow[] = [];
  for (const cell of diff.added) rows.push({ kind: 'added', cellId: cell.id, cell: describeCell(cell, titleOf), detail: '' });
  for (const cell of diff.removed) rows.push({ kind: 'removed', cellId: cell.id, cell: describeCell(cell, titleOf), detail: '' });
  for (const changed of diff.changed) {
    const details = changed.keys.map((key) => {
      const old = changed.before.spec[key];
      const now = changed.after.spec[key];
      if (isTextField(changed.after.type, key) && typeof old === 'string' && typeof now === 'string') {
        const delta = textDelta(old, now);
        return `${key} (+${delta.inserted} −${delta.deleted} characters)`;
      }
      return key;
    });
    if (changed.typeChanged) details.unshift(`type ${changed.before.type} → ${changed.after.type}`);
    rows.push({ kind: 'changed', cellId: changed.id, cell: describeCell(changed.after, titleOf), detail: details.join(', ') });
  }
  const afterById = new Map(after.map((cell) => [cell.id, cell]));
  for (const id of diff.moved) rows.push({ kind: 'moved', cellId: id, cell: describeCell(afterById.get(id)!, titleOf), detail: '' });
  return rows;
}
