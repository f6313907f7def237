/**
 * Where a notebook lives inside its Y.Doc (the document name is the notebook id):
 * - `cells`: cell id → Y.Map { type: string, spec: Y.Map } — each spec key holds its JSON value, except
 *   the text fields (see `text-fields.ts`), which hold a Y.Text;
 * - `order`: the cell ids in notebook order.
 * Outputs and run data are not in the document; they stay in the store.
 */
import * as Y from 'yjs';
import type { JsonObject } from './json';

export const CELLS_KEY = 'cells';
export const ORDER_KEY = 'order';
export const CELL_TYPE_KEY = 'type';
export const CELL_SPEC_KEY = 'spec';

/** A cell as plain JSON: what the store's rows hold and what scripts read. */
export interface PlainCell {
  id: string;
  type: string;
  spec: JsonObject;
}

export function cellsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(CELLS_KEY);
}

export function orderArray(doc: Y.Doc): Y.Array<string> {
  return doc.getArray<string>(ORDER_KEY);
}

/** The cell's Y.Map, or undefined when the document has no cell with that id. */
export function cellMap(doc: Y.Doc, cellId: string): Y.Map<unknown> | undefined {
  return cellsMap(doc).get(cellId);
}

/** The cell's spec Y.Map, or undefined when a peer wrote a cell without one. */
export function specMap(cell: Y.Map<unknown>): Y.Map<unknown> | undefined {
  const spec = cell.get(CELL_SPEC_KEY);
  return spec instanceof Y.Map ? (spec as Y.Map<unknown>) : undefined;
}
