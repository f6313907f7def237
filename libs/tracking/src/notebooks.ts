/**
 * Notebooks: a title and an ordered list of cells. A cell has a type (`markdown`, `query`,
 * `metric-chart`, …; the web app owns the list) and a JSON spec. Positions are 0…n-1 per notebook and
 * stay contiguous: adding, moving and deleting renumber the notebook's cells inside one write
 * transaction, so concurrent editors never see gaps or two cells at one position.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError, NotebookIsLiveError, UnknownCellError, UnknownNotebookError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import { notebookHasDocument } from './collab/notebook-documents';
import type { CellsTable, Database, NotebooksTable } from './schema';
import { count, nonEmptyText, parseInput } from './validation';

export interface Notebook {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Cell {
  id: string;
  notebookId: string;
  /** 0-based place in the notebook. */
  position: number;
  type: string;
  spec: JsonObject;
  /** 1 when created, +1 on every change of its type or spec. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddCellInput {
  type: string;
  spec?: object;
  /** Where to insert (0 = first); default and anything past the end append. */
  position?: number;
}

export interface CellUpdate {
  type?: string;
  spec?: object;
}

const titleSchema = z.string().trim().min(1).max(500);
const addCellSchema = z.object({ type: nonEmptyText, position: count.optional() });
const cellUpdateSchema = z.object({ type: nonEmptyText.optional() });

export async function createNotebook(ctx: StoreContext, input: { title: string; id?: string }): Promise<Notebook> {
  const parsed = parseInput(
    z.object({ title: titleSchema, id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/).optional() }),
    input,
    'createNotebook',
  );
  const id = parsed.id ?? randomUUID();
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const clash = await trx.selectFrom('notebooks').select('id').where('id', '=', id).executeTakeFirst();
    if (clash) throw new InvalidInputError(`createNotebook: a notebook with id "${id}" already exists`);
    await trx.insertInto('notebooks').values({ id, title: parsed.title, created_at: now, updated_at: now }).execute();
  });
  return getNotebook(ctx, id);
}

/** Every notebook, most recently updated first. */
export async function listNotebooks(ctx: StoreContext): Promise<Notebook[]> {
  const rows = await ctx.db.selectFrom('notebooks').selectAll().orderBy('updated_at', 'desc').orderBy('id').execute();
  return rows.map(toNotebook);
}

export async function getNotebook(ctx: StoreContext, notebookId: string): Promise<Notebook> {
  const notebook = await findNotebook(ctx, notebookId);
  if (!notebook) throw new UnknownNotebookError(notebookId, ctx.displayUrl);
  return notebook;
}

export async function findNotebook(ctx: StoreContext, notebookId: string): Promise<Notebook | undefined> {
  const row = await ctx.db.selectFrom('notebooks').selectAll().where('id', '=', notebookId).executeTakeFirst();
  return row ? toNotebook(row) : undefined;
}

export async function updateNotebook(ctx: StoreContext, notebookId: string, update: { title?: string }): Promise<Notebook> {
  const parsed = parseInput(z.object({ title: titleSchema.optional() }), update, 'updateNotebook');
  const result = await ctx.db
    .updateTable('notebooks')
    .set({ ...(parsed.title !== undefined ? { title: parsed.title } : {}), updated_at: ctx.now() })
    .where('id', '=', notebookId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UnknownNotebookError(notebookId, ctx.displayUrl);
  return getNotebook(ctx, notebookId);
}

/** Deletes the notebook and its cells. */
export async function deleteNotebook(ctx: StoreContext, notebookId: string): Promise<void> {
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertNotebookExists(trx, ctx.displayUrl, notebookId);
    // Explicit rather than relying on the cascade: SQLite enforces it only with foreign_keys on.
    await trx.deleteFrom('cells').where('notebook_id', '=', notebookId).execute();
    await trx.deleteFrom('notebooks').where('id', '=', notebookId).execute();
  });
}

/** The notebook's cells in order. */
export async function listCells(ctx: StoreContext, notebookId: string): Promise<Cell[]> {
  await assertNotebookExists(ctx.db, ctx.displayUrl, notebookId);
  const rows = await ctx.db
    .selectFrom('cells')
    .selectAll()
    .where('notebook_id', '=', notebookId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toCell);
}

export async function getCell(ctx: StoreContext, cellId: string): Promise<Cell> {
  const row = await ctx.db.selectFrom('cells').selectAll().where('id', '=', cellId).executeTakeFirst();
  if (!row) throw new UnknownCellError(cellId, ctx.displayUrl);
  return toCell(row);
}

export async function addCell(ctx: StoreContext, notebookId: string, input: AddCellInput): Promise<Cell> {
  const parsed = parseInput(addCellSchema, input, 'addCell');
  const spec = toJsonObject(input.spec ?? {}, 'addCell: spec');
  const id = randomUUID();
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertNotebookExists(trx, ctx.displayUrl, notebookId);
    await assertNotLive(trx, notebookId);
    const order = await cellOrder(trx, notebookId);
    const at = Math.min(parsed.position ?? order.length, order.length);
    await trx
      .insertInto('cells')
      .values({ id, notebook_id: notebookId, position: order.length, type: parsed.type, spec: encodeJson(spec), created_at: now, updated_at: now })
      .execute();
    order.splice(at, 0, id);
    await renumber(trx, order);
    await touchNotebook(trx, notebookId, now);
  });
  return getCell(ctx, id);
}

export async function updateCell(ctx: StoreContext, cellId: string, update: CellUpdate): Promise<Cell> {
  const parsed = parseInput(cellUpdateSchema, update, 'updateCell');
  const spec = update.spec === undefined ? undefined : toJsonObject(update.spec, 'updateCell: spec');
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const cell = await requireCell(trx, ctx.displayUrl, cellId);
    await assertNotLive(trx, cell.notebook_id);
    await trx
      .updateTable('cells')
      .set({
        ...(parsed.type !== undefined ? { type: parsed.type } : {}),
        ...(spec !== undefined ? { spec: encodeJson(spec) } : {}),
        version: cell.version + 1,
        updated_at: now,
      })
      .where('id', '=', cellId)
      .execute();
    await touchNotebook(trx, cell.notebook_id, now);
  });
  return getCell(ctx, cellId);
}

/** Moves the cell to index `newIndex` of its notebook (clamped to the last index); the others shift. */
export async function moveCell(ctx: StoreContext, cellId: string, newIndex: number): Promise<Cell> {
  const index = parseInput(count, newIndex, 'moveCell: newIndex');
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const cell = await requireCell(trx, ctx.displayUrl, cellId);
    await assertNotLive(trx, cell.notebook_id);
    const order = (await cellOrder(trx, cell.notebook_id)).filter((id) => id !== cellId);
    order.splice(Math.min(index, order.length), 0, cellId);
    await renumber(trx, order);
    await touchNotebook(trx, cell.notebook_id, now);
  });
  return getCell(ctx, cellId);
}

export async function deleteCell(ctx: StoreContext, cellId: string): Promise<void> {
  await inWriteTransaction(ctx.db, async (trx) => {
    const cell = await requireCell(trx, ctx.displayUrl, cellId);
    await assertNotLive(trx, cell.notebook_id);
    await trx.deleteFrom('cells').where('id', '=', cellId).execute();
    await renumber(trx, await cellOrder(trx, cell.notebook_id));
    await touchNotebook(trx, cell.notebook_id, ctx.now());
  });
}

async function assertNotebookExists(db: Kysely<Database>, displayUrl: string, notebookId: string): Promise<void> {
  const row = await db.selectFrom('notebooks').select('id').where('id', '=', notebookId).executeTakeFirst();
  if (!row) throw new UnknownNotebookError(notebookId, displayUrl);
}

/**
 * Once a notebook has a live document, that document is the truth: a row written here would be
 * overwritten by the document's next write-through, so row edits are refused.
 */
async function assertNotLive(db: Kysely<Database>, notebookId: string): Promise<void> {
  if (await notebookHasDocument(db, notebookId)) throw new NotebookIsLiveError(notebookId);
}

async function requireCell(db: Kysely<Database>, displayUrl: string, cellId: string): Promise<Selectable<CellsTable>> {
  const row = await db.selectFrom('cells').selectAll().where('id', '=', cellId).executeTakeFirst();
  if (!row) throw new UnknownCellError(cellId, displayUrl);
  return row;
}

async function cellOrder(db: Kysely<Database>, notebookId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cells')
    .select('id')
    .where('notebook_id', '=', notebookId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Writes positions 0…n-1 in the given order (only rows whose position changes). */
async function renumber(db: Kysely<Database>, order: readonly string[]): Promise<void> {
  if (order.length === 0) return;
  const current = new Map(
    (await db.selectFrom('cells').select(['id', 'position']).where('id', 'in', [...order]).execute()).map((r) => [r.id, r.position]),
  );
  for (const [position, id] of order.entries()) {
    if (current.get(id) !== position) await db.updateTable('cells').set({ position }).where('id', '=', id).execute();
  }
}

async function touchNotebook(db: Kysely<Database>, notebookId: string, now: number): Promise<void> {
  await db.updateTable('notebooks').set({ updated_at: now }).where('id', '=', notebookId).execute();
}

function toNotebook(row: Selectable<NotebooksTable>): Notebook {
  return { id: row.id, title: row.title, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
}

function toCell(row: Selectable<CellsTable>): Cell {
  return {
    id: row.id,
    notebookId: row.notebook_id,
    position: row.position,
    type: row.type,
    spec: decodeJson(row.spec) as JsonObject,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
