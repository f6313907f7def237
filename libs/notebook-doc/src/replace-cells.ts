import type * as Y from 'yjs';
import { addCell, cellOrder, deleteCell, moveCell, repairOrder, updateCell } from './cells';
import { orderArray, type PlainCell } from './document-shape';
import { NotebookDocError } from './errors';

/**
 * Makes the document hold exactly `cells`, in that order, as ordinary edits: cells not listed are
 * deleted, missing ones added under their own ids, the others updated key by key (text fields by a
 * minimal edit) and moved. Restoring a version this way is a new change that every peer merges; the
 * history before it stays. Returns whether anything changed.
 */
export function replaceCells(doc: Y.Doc, cells: readonly PlainCell[]): boolean {
  const ids = new Set<string>();
  for (const cell of cells) {
    if (ids.has(cell.id)) throw new NotebookDocError(`replaceCells: cell ${cell.id} is listed twice`);
    ids.add(cell.id);
  }
  let changed = false;
  doc.transact(() => {
    changed = repairOrder(doc);
    for (const id of cellOrder(doc)) {
      if (!ids.has(id)) {
        deleteCell(doc, id);
        changed = true;
      }
    }
    const present = new Set(cellOrder(doc));
    for (const cell of cells) {
      if (present.has(cell.id)) {
        changed = updateCell(doc, cell.id, { type: cell.type, spec: cell.spec }, { replaceSpec: true }) || changed;
      } else {
        addCell(doc, { id: cell.id, type: cell.type, spec: cell.spec });
        changed = true;
      }
    }
    cells.forEach((cell, index) => {
      if (orderArray(doc).get(index) !== cell.id) {
        moveCell(doc, cell.id, index);
        changed = true;
      }
    });
  });
  return changed;
}
