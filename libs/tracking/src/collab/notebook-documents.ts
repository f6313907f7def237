/**
 * The Yjs state of a notebook's live document and its write-through to the `cells` rows. The state is
 * the source of truth once it exists (a document is never rebuilt from rows after that); the rows
 * are its copy for GraphQL reads and scripts, each with a `version` that counts changes of its type
 * or spec. The store never interprets the state: the server hands it over with the cells it holds.
 */
import type { Kysely } from 'kysely';
import type { StoreContext } from '../context';
import { inWriteTransaction } from '../dialect';
import { InvalidInputError, UnknownNotebookError } from '../errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject, type JsonValue } from '../json';
import { listCells, type Cell } from '../notebooks';
import type { Database } from '../schema';

/** A cell as the live document holds it. */
export interface DocumentCell {
  id: string;
  type: string;
  spec: JsonObject;
}

export interface SaveNotebookDocumentInput {
  /** `Y.encodeStateAsUpdate(doc)`. */
  state: Uint8Array;
  /** The document's cells in order (what the rows must become). */
  cells: readonly DocumentCell[];
}

/** The stored Yjs state of the notebook's document, or undefined when it has none yet. */
export async function loadNotebookDocument(ctx: StoreContext, notebookId: string): Promise<Uint8Array | undefined> {
  await requireNotebook(ctx.db, ctx.displayUrl, notebookId);
  const row = await ctx.db.selectFrom('notebook_documents').select('state').where('notebook_id', '=', notebookId).executeTakeFirst();
  return row ? new Uint8Array(row.state) : undefined;
}

export async function notebookHasDocument(db: Kysely<Database>, notebookId: string): Promise<boolean> {
  const row = await db.selectFrom('notebook_documents').select('notebook_id').where('notebook_id', '=', notebookId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores a notebook's first state, built from its rows, unless one exists already (another process
 * built it first): returns true when this one was stored. Every process then serves the same
 * first state, so no two copies of a cell can meet.
 */
export async function createNotebookDocument(ctx: StoreContext, notebookId: string, state: Uint8Array): Promise<boolean> {
  const now = ctx.now();
  return inWriteTransaction(ctx.db, async (trx) => {
    await requireNotebook(trx, ctx.displayUrl, notebookId);
    const result = await trx
      .insertInto('notebook_documents')
      .values({ notebook_id: notebookId, state, updated_at: now })
      .onConflict((oc) => oc.column('notebook_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  });
}

/**
 * Stores the state and makes the notebook's rows equal to `cells` in one transaction: new cells
 * inserted at version 1, changed ones (type or spec) at version + 1, moved ones renumbered, missing
 * ones deleted. Returns the rows, in order.
 */
export async function saveNotebookDocument(ctx: StoreContext, notebookId: string, input: SaveNotebookDocumentInput): Promise<Cell[]> {
  const cells = checkCells(input.cells);
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    await requireNotebook(trx, ctx.displayUrl, notebookId);
    await trx
      .insertInto('notebook_documents')
      .values({ notebook_id: notebookId, state: input.state, updated_at: now })
      .onConflict((oc) => oc.column('notebook_id').doUpdateSet({ state: input.state, updated_at: now }))
      .execute();
    const rows = await trx.selectFrom('cells').selectAll().where('notebook_id', '=', notebookId).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const wanted = new Set(cells.map((cell) => cell.id));
    let changed = false;
    const gone = rows.filter((row) => !wanted.has(row.id)).map((row) => row.id);
    if (gone.length > 0) {
      await trx.deleteFrom('cells').where('id', 'in', gone).execute();
      changed = true;
    }
    const foreign =
      cells.length === 0
        ? undefined
        : await trx
            .selectFrom('cells')
            .select(['id', 'notebook_id'])
            .where('id', 'in', cells.map((c) => c.id))
            .where('notebook_id', '!=', notebookId)
            .executeTakeFirst();
    if (foreign) {
      throw new InvalidInputError(`notebook ${notebookId}: cell id "${foreign.id}" already belongs to notebook ${foreign.notebook_id}`);
    }
    for (const [position, cell] of cells.entries()) {
      const row = byId.get(cell.id);
      if (!row) {
        await trx
          .insertInto('cells')
          .values({ id: cell.id, notebook_id: notebookId, position, type: cell.type, spec: encodeJson(cell.spec), version: 1, created_at: now, updated_at: now })
          .execute();
        changed = true;
        continue;
      }
      const contentChanged = row.type !== cell.type || !sameJson(decodeJson(row.spec), cell.spec);
      if (contentChanged) {
        await trx
          .updateTable('cells')
          .set({ type: cell.type, spec: encodeJson(cell.spec), position, version: row.version + 1, updated_at: now })
          .where('id', '=', cell.id)
          .execute();
        changed = true;
      } else if (row.position !== position) {
        await trx.updateTable('cells').set({ position }).where('id', '=', cell.id).execute();
        changed = true;
      }
    }
    if (changed) await trx.updateTable('notebooks').set({ updated_at: now }).where('id', '=', notebookId).execute();
  });
  return listCells(ctx, notebookId);
}

function checkCells(cells: readonly DocumentCell[]): DocumentCell[] {
  const seen = new Set<string>();
  return cells.map((cell, index) => {
    const what = `saveNotebookDocument: cells[${index}]`;
    if (typeof cell.id !== 'string' || cell.id.length === 0) throw new InvalidInputError(`${what}.id must be a non-empty string`);
    if (seen.has(cell.id)) throw new InvalidInputError(`${what}: cell ${cell.id} is listed twice`);
    seen.add(cell.id);
    if (typeof cell.type !== 'string' || cell.type.trim() === '') throw new InvalidInputError(`${what}.type must be a non-empty string`);
    return { id: cell.id, type: cell.type, spec: toJsonObject(cell.spec, `${what}.spec`) };
  });
}

async function requireNotebook(db: Kysely<Database>, displayUrl: string, notebookId: string): Promise<void> {
  const row = await db.selectFrom('notebooks').select('id').where('id', '=', notebookId).executeTakeFirst();
  if (!row) throw new UnknownNotebookError(notebookId, displayUrl);
}

/** Structural equality (key order ignored: PostgreSQL's jsonb does not keep it). */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as JsonValue[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]!));
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && sameJson(left[key]!, right[key]!));
}
