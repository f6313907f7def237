import equal from 'fast-deep-equal';
import type { CellRecord } from '../cells/resolve-inputs';

/**
 * The next list of cells, each cell equal in type and spec to the one of the same id before being the
 * object before: reading a document (or switching from the GraphQL snapshot to the live document)
 * makes new objects for every cell, and a cell handed a new but equal spec would make its output again.
 * Returns `previous` itself when nothing changed.
 */
export function keepUnchangedCells<T extends CellRecord>(previous: readonly T[], next: readonly T[]): readonly T[] {
  const before = new Map(previous.map((cell) => [cell.id, cell]));
  const kept = next.map((cell) => {
    const old = before.get(cell.id);
    return old !== undefined && old.type === cell.type && equal(old.spec, cell.spec) ? old : cell;
  });
  return kept.length === previous.length && kept.every((cell, index) => cell === previous[index]) ? previous : kept;
}
