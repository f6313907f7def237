export { TEXT_FIELDS, isTextField } from './text-fields';
export { NotebookDocError } from './errors';
export type { JsonObject, JsonValue, JsonPrimitive } from './json';
export {
  CELLS_KEY,
  ORDER_KEY,
  CELL_TYPE_KEY,
  CELL_SPEC_KEY,
  cellsMap,
  orderArray,
  cellMap,
  specMap,
  type PlainCell,
} from './document-shape';
export {
  addCell,
  updateCell,
  moveCell,
  deleteCell,
  readCell,
  readCells,
  cellOrder,
  cellText,
  repairOrder,
  type NewCell,
  type CellChange,
  type ChangeOptions,
} from './cells';
export { replaceCells } from './replace-cells';
export { diffCells, type CellsDiff, type ChangedCell } from './diff-cells';
export { replaceText, textChange } from './text-diff';
