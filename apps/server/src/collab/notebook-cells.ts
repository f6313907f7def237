/**
 * The cell mutations of the graph, applied through the notebook's live document so browsers and
 * scripts never diverge: the document changes, every open editor receives the change, and the rows
 * are written through before the mutation answers (so the returned cell and its version are current).
 */
import { randomUUID } from 'node:crypto';
import { addCell, cellsMap, deleteCell, moveCell, updateCell, type CellChange } from '@protoscope/notebook-doc';
import { UnknownCellError, type Cell, type Store } from '@protoscope/tracking';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../graphql/errors';
import type { CollabServer } from './collab-server';
import type { Editor } from './document-persistence';

export class NotebookCells {
  readonly #collab: CollabServer;
  readonly #store: Store;

  constructor(collab: CollabServer, store: Store) {
    this.#collab = collab;
    this.#store = store;
  }

  async add(notebookId: string, input: { type: string; spec?: object; position?: number }, editor: Editor | null): Promise<Cell> {
    const id = randomUUID();
    const { rows } = await this.#collab.edit(notebookId, editor, (doc) => addCell(doc, { id, type: input.type, spec: input.spec ?? {}, index: input.position }));
    return this.#row(rows, id);
  }

  /**
   * Changes the keys given (the others stay). With `ifVersion`, refuses with CONFLICT unless the
   * cell's version, checked against the document as it is at that moment, is still that one.
   */
  async update(cellId: string, change: CellChange, ifVersion: number | undefined, editor: Editor | null): Promise<Cell> {
    const notebookId = await this.#notebookOf(cellId);
    const { rows } = await this.#collab.edit(notebookId, editor, (doc, current) => {
      const row = current.find((r) => r.id === cellId);
      if (!row) throw new UnknownCellError(cellId, this.#store.url);
      if (ifVersion !== undefined && row.version !== ifVersion) {
        throw new GraphQLError(
          `cell ${cellId} is at version ${row.version}, not ${ifVersion}: someone changed it meanwhile; read it again and reapply your change`,
          { extensions: { code: ErrorCode.Conflict, cellId, currentVersion: row.version } },
        );
      }
      updateCell(doc, cellId, change);
    });
    return this.#row(rows, cellId);
  }

  async move(cellId: string, index: number, editor: Editor | null): Promise<Cell> {
    const notebookId = await this.#notebookOf(cellId);
    const { rows } = await this.#collab.edit(notebookId, editor, (doc) => moveCell(doc, cellId, index));
    return this.#row(rows, cellId);
  }

  async delete(cellId: string, editor: Editor | null): Promise<void> {
    const notebookId = await this.#notebookOf(cellId);
    await this.#collab.edit(notebookId, editor, (doc) => deleteCell(doc, cellId));
  }

  /** The cell's notebook: from its row, or from an open document that has it but has not written it through yet. */
  async #notebookOf(cellId: string): Promise<string> {
    const row = await this.#store.cells.get(cellId).catch((error: unknown) => {
      if (error instanceof UnknownCellError) return undefined;
      throw error;
    });
    const notebookId = row?.notebookId ?? this.#collab.notebookHoldingCell((doc) => cellsMap(doc).has(cellId));
    if (notebookId === undefined) throw new UnknownCellError(cellId, this.#store.url);
    return notebookId;
  }

  #row(rows: Cell[], cellId: string): Cell {
    const row = rows.find((r) => r.id === cellId);
    if (!row) throw new UnknownCellError(cellId, this.#store.url);
    return row;
  }
}
