/**
 * Runs: one training (or evaluation) of a method on a dataset with a config and a seed, its status and
 * timings, tags, and where it came from (parent run, the run it resumes). Creating a run also stores
 * its config flattened into params (params.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError, UnknownRunError } from './errors';
import { decodeJson, encodeJson, toJsonObject, toJsonValue, type JsonObject, type JsonValue } from './json';
import { RUN_STATUSES } from './statuses';
import { decodeParam, encodeParam, flattenConfig } from './params';
import type { Database, RunsTable } from './schema';
import { nonEmptyText, optionalText, parseInput } from './validation';

export type RunStatus = (typeof RUN_STATUSES)[number];
export { RUN_STATUSES };

/** Terminal statuses: the run is over (it may still be resumed as a new attempt). */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['finished', 'failed', 'cancelled'];

export interface Run {
  id: string;
  name: string | null;
  method: string;
  dataset: string | null;
  config: JsonObject;
  seed: number | null;
  /** The compute backend the run used (`tensorflow`, `wasm`, `cpu`, ...). */
  backend: string | null;
  status: RunStatus;
  /** Why the run failed, when it did. */
  error: string | null;
  gitCommit: string | null;
  tags: string[];
  parentRunId: string | null;
  resumeOfRunId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

export interface CreateRunInput {
  /** Normally generated (a UUID); give one only to re-create a run elsewhere. */
  id?: string;
  name?: string | null;
  method: string;
  dataset?: string | null;
  /** The method's config; any plain JSON object (stored as JSON, and flattened into params). */
  config?: object;
  seed?: number | null;
  backend?: string | null;
  /** Default `queued`; `running` also sets `startedAt`. */
  status?: RunStatus;
  gitCommit?: string | null;
  tags?: readonly string[];
  parentRunId?: string | null;
  resumeOfRunId?: string | null;
}

const tag = z.string().trim().min(1).max(200);
const createRunSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, "_", "." and "-" only')
    .optional(),
  name: optionalText,
  method: nonEmptyText,
  dataset: optionalText,
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  backend: optionalText,
  status: z.enum(RUN_STATUSES).optional(),
  gitCommit: optionalText,
  tags: z.array(tag).optional(),
  parentRunId: optionalText,
  resumeOfRunId: optionalText,
});

export async function createRun(ctx: StoreContext, input: CreateRunInput): Promise<Run> {
  const parsed = parseInput(createRunSchema, input, 'createRun');
  const config = toJsonObject(input.config ?? {}, 'createRun: config');
  const now = ctx.now();
  const status = parsed.status ?? 'queued';
  const id = parsed.id ?? randomUUID();
  const tags = [...new Set(parsed.tags ?? [])];
  await inWriteTransaction(ctx.db, async (trx) => {
    for (const other of [parsed.parentRunId, parsed.resumeOfRunId]) {
      if (other) await assertRunExists(trx, ctx.displayUrl, other);
    }
    const clash = await trx.selectFrom('runs').select('id').where('id', '=', id).executeTakeFirst();
    if (clash) throw new InvalidInputError(`createRun: a run with id "${id}" already exists`);
    await trx
      .insertInto('runs')
      .values({
        id,
        name: parsed.name ?? null,
        method: parsed.method,
        dataset: parsed.dataset ?? null,
        config: encodeJson(config),
        seed: parsed.seed ?? null,
        backend: parsed.backend ?? null,
        status,
        error: null,
        git_commit: parsed.gitCommit ?? null,
        parent_run_id: parsed.parentRunId ?? null,
        resume_of_run_id: parsed.resumeOfRunId ?? null,
        created_at: now,
        started_at: status === 'running' ? now : null,
        finished_at: (TERMINAL_RUN_STATUSES as readonly string[]).includes(status) ? now : null,
        heartbeat_at: null,
      })
      .execute();
    if (tags.length > 0) {
      await trx
        .insertInto('run_tags')
        .values(tags.map((t) => ({ run_id: id, tag: t })))
        .execute();
    }
    const params = flattenConfig(config);
    for (let i = 0; i < params.length; i += 200) {
      await trx
        .insertInto('run_params')
        .values(
          params.slice(i, i + 200).map((p) => ({
            run_id: id,
            key: p.key,
            value: p.value,
            value_type: p.valueType,
            value_number: p.valueNumber,
          })),
        )
        .execute();
    }
  });
  return getRun(ctx, id);
}

/** The run, or UnknownRunError. */
export async function getRun(ctx: StoreContext, runId: string): Promise<Run> {
  const run = await findRun(ctx, runId);
  if (!run) throw new UnknownRunError(runId, ctx.displayUrl);
  return run;
}

/** The run, or undefined. */
export async function findRun(ctx: StoreContext, runId: string): Promise<Run | undefined> {
  const row = await ctx.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) return undefined;
  const [run] = await withTags(ctx.db, [row]);
  return run;
}

/** Equality filters, all of which must hold (`runs.list`); the graph's filter language is `runs.query` (run-query-sql.ts). */
export interface RunFilter {
  ids?: readonly string[];
  method?: string | readonly string[];
  dataset?: string | readonly string[];
  status?: RunStatus | readonly RunStatus[];
  /** Runs carrying every one of these tags. */
  tags?: readonly string[];
  /** Config values by dotted key (`{ 'optimizer.lr': 0.001, backbone: 'resnet18' }`). */
  params?: Readonly<Record<string, JsonValue>>;
  parentRunId?: string;
  /** Newest first (default) or oldest first. */
  order?: 'newest' | 'oldest';
  limit?: number;
  offset?: number;
}

export async function listRuns(ctx: StoreContext, filter: RunFilter = {}): Promise<Run[]> {
  const list = <T>(v: T | readonly T[] | undefined): T[] | undefined =>
    v === undefined ? undefined : Array.isArray(v) ? [...(v as readonly T[])] : [v as T];
  const ids = list(filter.ids);
  const methods = list(filter.method);
  const datasets = list(filter.dataset);
  const statuses = list(filter.status);
  for (const s of statuses ?? []) {
    if (!(RUN_STATUSES as readonly string[]).includes(s)) {
      throw new InvalidInputError(`listRuns: unknown status "${s}"; statuses are ${RUN_STATUSES.join(', ')}`);
    }
  }
  // An empty list matches nothing (and `in ()` is not valid SQL).
  if ([ids, methods, datasets, statuses].some((l) => l?.length === 0)) return [];
  let query = ctx.db.selectFrom('runs').selectAll('runs');
  if (ids) query = query.where('runs.id', 'in', ids);
  if (methods) query = query.where('runs.method', 'in', methods);
  if (datasets) query = query.where('runs.dataset', 'in', datasets);
  if (statuses) query = query.where('runs.status', 'in', statuses);
  if (filter.parentRunId !== undefined) query = query.where('runs.parent_run_id', '=', filter.parentRunId);
  for (const t of filter.tags ?? []) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('run_tags')
          .select(sql.lit(1).as('one'))
          .whereRef('run_tags.run_id', '=', 'runs.id')
          .where('run_tags.tag', '=', t),
      ),
    );
  }
  for (const [key, raw] of Object.entries(filter.params ?? {})) {
    const wanted = encodeParam(toJsonValue(raw, `listRuns: params.${key}`));
    query = query.where(({ exists, selectFrom }) => {
      let sub = selectFrom('run_params')
        .select(sql.lit(1).as('one'))
        .whereRef('run_params.run_id', '=', 'runs.id')
        .where('run_params.key', '=', key)
        .where('run_params.value_type', '=', wanted.valueType);
      sub =
        wanted.valueNumber !== null
          ? sub.where('run_params.value_number', '=', wanted.valueNumber)
          : sub.where('run_params.value', '=', wanted.value);
      return exists(sub);
    });
  }
  const direction = filter.order === 'oldest' ? 'asc' : 'desc';
  query = query.orderBy('runs.created_at', direction).orderBy('runs.id', direction);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  if (filter.offset !== undefined) {
    if (filter.limit === undefined) query = query.limit(Number.MAX_SAFE_INTEGER);
    query = query.offset(filter.offset);
  }
  return withTags(ctx.db, await query.execute());
}

/**
 * Moves a run to `status`. `running` sets `startedAt` the first time and clears `finishedAt` and
 * `error` (a resumed run runs again); a terminal status sets `finishedAt`; `failed` records `error`.
 */
export async function updateRunStatus(
  ctx: StoreContext,
  runId: string,
  status: RunStatus,
  options: { error?: string | null } = {},
): Promise<Run> {
  if (!(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new InvalidInputError(`updateRunStatus: unknown status "${status}"; statuses are ${RUN_STATUSES.join(', ')}`);
  }
  const now = ctx.now();
  const terminal = (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
  const result = await ctx.db
    .updateTable('runs')
    .set((eb) => ({
      status,
      error: status === 'failed' || status === 'cancelled' ? (options.error ?? null) : null,
      started_at: status === 'running' ? eb.fn.coalesce('started_at', eb.val(now)) : eb.ref('started_at'),
      finished_at: terminal ? now : null,
      heartbeat_at: status === 'running' ? now : eb.ref('heartbeat_at'),
    }))
    .where('id', '=', runId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UnknownRunError(runId, ctx.displayUrl);
  return getRun(ctx, runId);
}

/** Records that the run's process is alive (a run whose heartbeat stops has a dead worker). */
export async function heartbeat(ctx: StoreContext, runId: string): Promise<void> {
  const result = await ctx.db
    .updateTable('runs')
    .set({ heartbeat_at: ctx.now() })
    .where('id', '=', runId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UnknownRunError(runId, ctx.displayUrl);
}

export interface RunUpdate {
  name?: string | null;
  dataset?: string | null;
  backend?: string | null;
  gitCommit?: string | null;
}

const runUpdateSchema = z.object({
  name: optionalText,
  dataset: optionalText,
  backend: optionalText,
  gitCommit: optionalText,
});

/** Sets descriptive fields known only after creation (the backend chosen at start-up, a name). */
export async function updateRun(ctx: StoreContext, runId: string, update: RunUpdate): Promise<Run> {
  const parsed = parseInput(runUpdateSchema, update, 'updateRun');
  const values: Partial<Pick<RunsTable, 'name' | 'dataset' | 'backend' | 'git_commit'>> = {};
  if (parsed.name !== undefined) values.name = parsed.name;
  if (parsed.dataset !== undefined) values.dataset = parsed.dataset;
  if (parsed.backend !== undefined) values.backend = parsed.backend;
  if (parsed.gitCommit !== undefined) values.git_commit = parsed.gitCommit;
  if (Object.keys(values).length > 0) {
    const result = await ctx.db.updateTable('runs').set(values).where('id', '=', runId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new UnknownRunError(runId, ctx.displayUrl);
  }
  return getRun(ctx, runId);
}

export async function addRunTags(ctx: StoreContext, runId: string, tags: readonly string[]): Promise<Run> {
  const wanted = [...new Set(parseInput(z.array(tag), tags, 'addRunTags'))];
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    if (wanted.length === 0) return;
    await trx
      .insertInto('run_tags')
      .values(wanted.map((t) => ({ run_id: runId, tag: t })))
      .onConflict((oc) => oc.columns(['run_id', 'tag']).doNothing())
      .execute();
  });
  return getRun(ctx, runId);
}

export async function removeRunTags(ctx: StoreContext, runId: string, tags: readonly string[]): Promise<Run> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  if (tags.length > 0) {
    await ctx.db
      .deleteFrom('run_tags')
      .where('run_id', '=', runId)
      .where('tag', 'in', [...tags])
      .execute();
  }
  return getRun(ctx, runId);
}

/** The run's flattened config: dotted key → value. */
export async function runParams(ctx: StoreContext, runId: string): Promise<Record<string, JsonValue>> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db
    .selectFrom('run_params')
    .select(['key', 'value', 'value_type', 'value_number'])
    .where('run_id', '=', runId)
    .orderBy('key')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, decodeParam(r.value, r.value_type, r.value_number)]));
}

/** Throws UnknownRunError unless the run exists (run inside a transaction to keep it true). */
export async function assertRunExists(db: Kysely<Database>, displayUrl: string, runId: string): Promise<void> {
  if (typeof runId !== 'string' || runId === '') throw new InvalidInputError('a run id (non-empty string) is required');
  const row = await db.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
  if (!row) throw new UnknownRunError(runId, displayUrl);
}

/** Runs from their rows, with their tags (one query per 500 runs). */
export async function withTags(db: Kysely<Database>, rows: readonly RunsTable[]): Promise<Run[]> {
  const tags = new Map<string, string[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const tagRows = await db
      .selectFrom('run_tags')
      .select(['run_id', 'tag'])
      .where('run_id', 'in', ids.slice(i, i + 500))
      .orderBy('tag')
      .execute();
    for (const { run_id, tag: t } of tagRows) {
      const list = tags.get(run_id);
      if (list) list.push(t);
      else tags.set(run_id, [t]);
    }
  }
  return rows.map((row) => toRun(row, tags.get(row.id) ?? []));
}

function toRun(row: RunsTable, tags: string[]): Run {
  const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
  return {
    id: row.id,
    name: row.name,
    method: row.method,
    dataset: row.dataset,
    config: decodeJson(row.config) as JsonObject,
    seed: row.seed,
    backend: row.backend,
    status: row.status as RunStatus,
    error: row.error,
    gitCommit: row.git_commit,
    tags,
    parentRunId: row.parent_run_id,
    resumeOfRunId: row.resume_of_run_id,
    createdAt: new Date(row.created_at),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
    heartbeatAt: date(row.heartbeat_at),
  };
}
