/**
 * History: snapshots of a notebook's cells, numbered 1, 2, 3… per notebook, taken on demand, every
 * so often while people edit, and after a restore. Snapshots are only ever added; restoring one is a
 * new change to the document, recorded as a new version.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from '../context';
import { inWriteTransaction } from '../dialect';
import { UnknownNotebookError, UnknownNotebookVersionError } from '../errors';
import { decodeJson, encodeJson, toJsonObject } from '../json';
import type { NotebookVersionsTable } from '../schema';
import { parseInput } from '../validation';
import type { DocumentCell } from './notebook-documents';

export const NOTEBOOK_VERSION_KINDS = ['manual', 'auto', 'restore'] as const;
export type NotebookVersionKind = (typeof NOTEBOOK_VERSION_KINDS)[number];

/** A version without its cells (what a history list shows). */
export interface NotebookVersionSummary {
  id: string;
  notebookId: string;
  number: number;
  kind: NotebookVersionKind;
  label: string | null;
  author: { id: string | null; name: string } | null;
  createdAt: Date;
}

export interface NotebookVersion extends NotebookVersionSummary {
  cells: DocumentCell[];
}

export interface SaveNotebookVersionInput {
  kind: NotebookVersionKind;
  label?: string | null;
  author?: { id: string | null; name: string } | null;
  /** The notebook's cells in order. */
  cells: readonly DocumentCell[];
}

const inputSchema = z.object({
  kind: z.enum(NOTEBOOK_VERSION_KINDS),
  label: z.string().trim().min(1).max(200).nullable().optional(),
  author: z.object({ id: z.string().min(1).nullable(), name: z.string().trim().min(1).max(200) }).nullable().optional(),
});

export async function saveNotebookVersion(ctx: StoreContext, notebookId: string, input: SaveNotebookVersionInput): Promise<NotebookVersion> {
  const parsed = parseInput(inputSchema, input, 'saveNotebookVersion');
  const cells = input.cells.map((cell, i) => ({
    id: String(cell.id),
    type: String(cell.type),
    spec: toJsonObject(cell.spec, `saveNotebookVersion: cells[${i}].spec`),
  }));
  const id = randomUUID();
  const now = ctx.now();
  await inWriteTransaction(ctx.db, async (trx) => {
    const notebook = await trx.selectFrom('notebooks').select('id').where('id', '=', notebookId).executeTakeFirst();
    if (!notebook) throw new UnknownNotebookError(notebookId, ctx.displayUrl);
    const last = await trx
      .selectFrom('notebook_versions')
      .select((eb) => eb.fn.max('number').as('number'))
      .where('notebook_id', '=', notebookId)
      .executeTakeFirst();
    await trx
      .insertInto('notebook_versions')
      .values({
        id,
        notebook_id: notebookId,
        number: Number(last?.number ?? 0) + 1,
        kind: parsed.kind,
        label: parsed.label ?? null,
        author_id: parsed.author?.id ?? null,
        author_name: parsed.author?.name ?? null,
        cells: encodeJson(cells),
        created_at: now,
      })
      .execute();
  });
  return getNotebookVersion(ctx, id);
}

/** The notebook's versions, newest first, without their cells. */
export async function listNotebookVersions(ctx: StoreContext, notebookId: string): Promise<NotebookVersionSummary[]> {
  const rows = await ctx.db
    .selectFrom('notebook_versions')
    .select(['id', 'notebook_id', 'number', 'kind', 'label', 'author_id', 'author_name', 'created_at'])
    .where('notebook_id', '=', notebookId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map(toSummary);
}

export async function getNotebookVersion(ctx: StoreContext, versionId: string): Promise<NotebookVersion> {
  const row = await ctx.db.selectFrom('notebook_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
  if (!row) throw new UnknownNotebookVersionError(versionId, ctx.displayUrl);
  return { ...toSummary(row), cells: decodeJson(row.cells) as unknown as DocumentCell[] };
}

/** The newest version of the notebook, or undefined when it has none. */
export async function latestNotebookVersion(ctx: StoreContext, notebookId: string): Promise<NotebookVersion | undefined> {
  const row = await ctx.db
    .selectFrom('notebook_versions')
    .select('id')
    .where('notebook_id', '=', notebookId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? getNotebookVersion(ctx, row.id) : undefined;
}

function toSummary(row: Omit<Selectable<NotebookVersionsTable>, 'cells'>): NotebookVersionSummary {
  return {
    id: row.id,
    notebookId: row.notebook_id,
    number: Number(row.number),
    kind: row.kind as NotebookVersionKind,
    label: row.label,
    author: row.author_name === null ? null : { id: row.author_id, name: row.author_name },
    createdAt: new Date(Number(row.created_at)),
  };
}
