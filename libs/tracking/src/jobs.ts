/**
 * Jobs: training, explanation and evaluation work, persisted in the store so that a restart loses
 * nothing. A worker claims the next job with a lease (owner + expiry), renews the lease with
 * heartbeats while it works, and completes or fails the job. A job whose lease runs out — its worker
 * died — is claimable again (its `attempts` grows; after `maxAttempts` it is failed instead), and the
 * new worker resumes from the run's last checkpoint.
 *
 * `claimNextJob` is one UPDATE … WHERE id = (SELECT … LIMIT 1) … RETURNING inside a write
 * transaction: SQLite takes the database write lock first (`BEGIN IMMEDIATE`), so claimers in any
 * number of processes go one at a time; PostgreSQL's subquery uses `FOR UPDATE SKIP LOCKED`, so
 * concurrent claimers lock different rows and never wait on each other.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Updateable } from 'kysely';
import { z } from 'zod';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError, JobLeaseLostError, UnknownJobError } from './errors';
import { decodeJson, decodeJsonOrNull, encodeJson, toJsonValue, type JsonValue } from './json';
import { JOB_STATUSES } from './statuses';
import { assertRunExists } from './runs';
import type { JobsTable } from './schema';
import { nonEmptyText, parseInput } from './validation';

export type JobStatus = (typeof JOB_STATUSES)[number];
export { JOB_STATUSES };

/** Which queue delivers a job: the store itself (`embedded`) or BullMQ on Redis (`bullmq`). */
export const JOB_BACKEND_KINDS = ['embedded', 'bullmq'] as const;
export type JobBackendKind = (typeof JOB_BACKEND_KINDS)[number];

export interface Job {
  id: number;
  /** What to do: `train`, `explain`, `evaluate`, … (the worker's dispatch key). */
  kind: string;
  payload: JsonValue;
  status: JobStatus;
  /** Higher first; equal priorities in creation order. */
  priority: number;
  /** How many times a worker claimed it. */
  attempts: number;
  maxAttempts: number;
  /** The worker holding (or that last held) the job. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Not claimable before this time (used for retry back-off). */
  availableAt: Date;
  /** 0…1 when the worker reports it. */
  progress: number | null;
  progressMessage: string | null;
  result: JsonValue | null;
  error: string | null;
  /** The run the job produced or works on. */
  runId: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The token of the attempt holding (or that last held) the job; its result writes are fenced by it. */
  attemptToken: string | null;
  backend: JobBackendKind;
}

export interface EnqueueJobInput {
  kind: string;
  /** Any plain JSON (the CLI arguments of the work, typically). */
  payload?: unknown;
  priority?: number;
  /** Default 3. */
  maxAttempts?: number;
  runId?: string | null;
  /** Not claimable before this time; default now. */
  availableAt?: Date | number;
  /** Which queue delivers it (default `embedded`: claimed from the store). */
  backend?: JobBackendKind;
}

export interface ClaimOptions {
  /** Only jobs of these kinds (a worker without a GPU may skip `train`). */
  kinds?: readonly string[];
  /** How long the lease lasts without a heartbeat. Default 60 s. */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 60_000;

const enqueueSchema = z.object({
  kind: nonEmptyText,
  priority: z.number().int().optional(),
  maxAttempts: z.number().int().min(1).max(1000).optional(),
  runId: nonEmptyText.nullable().optional(),
  backend: z.enum(JOB_BACKEND_KINDS).optional(),
});
const workerSchema = nonEmptyText;
export const leaseSchema = z.number().int().positive().max(7 * 24 * 3_600_000);

export async function enqueueJob(ctx: StoreContext, input: EnqueueJobInput): Promise<Job> {
  const parsed = parseInput(enqueueSchema, input, 'enqueueJob');
  const payload = toJsonValue(input.payload ?? {}, 'enqueueJob: payload');
  const now = ctx.now();
  const availableAt = input.availableAt === undefined ? now : timeOf(input.availableAt, 'enqueueJob: availableAt');
  const row = await inWriteTransaction(ctx.db, async (trx) => {
    if (parsed.runId) await assertRunExists(trx, ctx.displayUrl, parsed.runId);
    return trx
      .insertInto('jobs')
      .values({
        kind: parsed.kind,
        payload: encodeJson(payload),
        status: 'queued',
        priority: parsed.priority ?? 0,
        attempts: 0,
        max_attempts: parsed.maxAttempts ?? 3,
        lease_owner: null,
        lease_expires_at: null,
        available_at: availableAt,
        progress: null,
        progress_message: null,
        result: null,
        error: null,
        run_id: parsed.runId ?? null,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
        attempt_token: null,
        backend: parsed.backend ?? 'embedded',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toJob(row);
}

export async function getJob(ctx: StoreContext, jobId: number): Promise<Job> {
  const row = await ctx.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  if (!row) throw new UnknownJobError(jobId, ctx.displayUrl);
  return toJob(row);
}

export interface JobFilter {
  status?: JobStatus | readonly JobStatus[];
  kind?: string;
  runId?: string;
  limit?: number;
}

/** Jobs in creation order. */
export async function listJobs(ctx: StoreContext, filter: JobFilter = {}): Promise<Job[]> {
  const statuses = filter.status === undefined ? undefined : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
  if (statuses?.length === 0) return [];
  let query = ctx.db.selectFrom('jobs').selectAll();
  if (statuses) query = query.where('status', 'in', statuses);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
  query = query.orderBy('id');
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return (await query.execute()).map(toJob);
}

export interface JobsUpdatedSinceOptions {
  /** Only jobs whose status is now one of these (none for an empty list). Default: every status. */
  statuses?: readonly JobStatus[];
  /** At most this many jobs: the first ones in the order of {@link jobsUpdatedSince}. Default: all. */
  limit?: number;
}

// zod numbers are finite: NaN and ±Infinity (an Invalid Date) are refused.
const sinceSchema = z.number();
const limitSchema = z.number().int().positive();

/**
 * Jobs whose `updatedAt` is at or after `since` (epoch milliseconds or a Date), ordered by
 * `updatedAt`, then by id: what a follower of job changes has not seen yet when its cursor is the
 * newest `updatedAt` it has seen (start it at {@link lastJobUpdate}).
 *
 * The bound is inclusive because `updatedAt` has millisecond resolution: a job can change within the
 * very millisecond of the follower's last read, after that read, and an exclusive bound would skip the
 * change for good. So the jobs at exactly `since` come back on every call, and the follower drops
 * those it has already seen (same id, `updatedAt` and status).
 *
 * `statuses` filters on the status a job has now: a job that moved to another status is left out, so
 * a follower of every change must not filter here. With `limit`, continue from the last returned
 * `updatedAt`; a page cannot get past a millisecond in which more than `limit` jobs changed, which is
 * why following without a limit is the default.
 */
export async function jobsUpdatedSince(
  ctx: StoreContext,
  since: Date | number,
  options: JobsUpdatedSinceOptions = {},
): Promise<Job[]> {
  const ms = parseInput(sinceSchema, since instanceof Date ? since.getTime() : since, 'jobsUpdatedSince: since');
  const limit = options.limit === undefined ? undefined : parseInput(limitSchema, options.limit, 'jobsUpdatedSince: limit');
  if (options.statuses?.length === 0) return [];
  // updated_at holds whole milliseconds, so `>= 1.5` and `>= 2` are the same; PostgreSQL needs the integer.
  let query = ctx.db.selectFrom('jobs').selectAll().where('updated_at', '>=', Math.ceil(ms));
  if (options.statuses) query = query.where('status', 'in', [...options.statuses]);
  query = query.orderBy('updated_at').orderBy('id');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map(toJob);
}

/** The newest `updatedAt` of any job, null when there are no jobs: where a follower of job changes starts. */
export async function lastJobUpdate(ctx: StoreContext): Promise<Date | null> {
  const row = await ctx.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.max('updated_at').as('last'))
    .executeTakeFirst();
  // No row or NULL means no jobs; Number() in case a driver hands max() of a bigint back as text.
  return row?.last === null || row?.last === undefined ? null : new Date(Number(row.last));
}

/**
 * Atomically takes the next claimable job — queued and available, or running with an expired lease —
 * for `worker`, or returns null when there is none. Never hands one job to two claimers.
 */
export async function claimNextJob(ctx: StoreContext, worker: string, options: ClaimOptions = {}): Promise<Job | null> {
  parseInput(workerSchema, worker, 'claimNextJob: worker');
  const leaseMs = parseInput(leaseSchema, options.leaseMs ?? DEFAULT_LEASE_MS, 'claimNextJob: leaseMs');
  const kinds = options.kinds === undefined ? undefined : [...options.kinds];
  if (kinds?.length === 0) return null;
  const now = ctx.now();
  const row = await inWriteTransaction(ctx.db, async (trx) => {
    // Jobs whose worker died on the last allowed attempt are failed, not retried.
    await trx
      .updateTable('jobs')
      .set({
        status: 'failed',
        error: sql<string>`'the lease of worker ' || lease_owner || ' expired on attempt ' || attempts || ' of ' || max_attempts || '; the worker stopped answering'`,
        finished_at: now,
        updated_at: now,
        lease_expires_at: null,
      })
      .where('status', '=', 'running')
      .where('lease_expires_at', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .where('backend', '=', 'embedded')
      .execute();

    let next = trx
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
        ]),
      )
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .where('backend', '=', 'embedded');
    if (kinds) next = next.where('kind', 'in', kinds);
    next = next.orderBy('priority', 'desc').orderBy('id').limit(1);
    if (ctx.dialect === 'postgres') next = next.forUpdate().skipLocked();

    return trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        lease_owner: worker,
        lease_expires_at: now + leaseMs,
        attempts: eb('attempts', '+', 1),
        attempt_token: randomUUID(),
        started_at: eb.fn.coalesce('started_at', eb.val(now)),
        updated_at: now,
      }))
      .where('id', '=', next)
      .returningAll()
      .executeTakeFirst();
  });
  return row ? toJob(row) : null;
}

export interface JobHeartbeat {
  progress?: number | null;
  message?: string | null;
  leaseMs?: number;
  /** Renew only while this attempt holds the job (see jobs-fence.ts). */
  attemptToken?: string;
}

/**
 * Renews the lease of a job the worker holds and records its progress. Throws JobLeaseLostError when
 * the worker no longer holds it (lease taken over, job cancelled or finished): the worker must stop.
 */
export async function heartbeatJob(
  ctx: StoreContext,
  jobId: number,
  worker: string,
  beat: JobHeartbeat = {},
): Promise<Job> {
  const leaseMs = parseInput(leaseSchema, beat.leaseMs ?? DEFAULT_LEASE_MS, 'heartbeatJob: leaseMs');
  if (beat.progress !== undefined && beat.progress !== null && !(beat.progress >= 0 && beat.progress <= 1)) {
    throw new InvalidInputError(`heartbeatJob: progress must be between 0 and 1, got ${beat.progress}`);
  }
  const now = ctx.now();
  return updateHeldJob(
    ctx,
    jobId,
    worker,
    {
      lease_expires_at: now + leaseMs,
      updated_at: now,
      ...(beat.progress !== undefined ? { progress: beat.progress } : {}),
      ...(beat.message !== undefined ? { progress_message: beat.message } : {}),
    },
    beat.attemptToken,
  );
}

/** Records which run the job works on (a training job creates its run after it starts). */
export async function setJobRun(ctx: StoreContext, jobId: number, runId: string): Promise<Job> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const result = await ctx.db
    .updateTable('jobs')
    .set({ run_id: runId, updated_at: ctx.now() })
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UnknownJobError(jobId, ctx.displayUrl);
  return getJob(ctx, jobId);
}

export interface CompleteJobOptions {
  /** Complete only while this attempt holds the job (see jobs-fence.ts). */
  attemptToken?: string;
}

/** Marks a job the worker holds as succeeded with its result. */
export async function completeJob(ctx: StoreContext, jobId: number, worker: string, result?: unknown, options: CompleteJobOptions = {}): Promise<Job> {
  const value = result === undefined ? null : toJsonValue(result, 'completeJob: result');
  const now = ctx.now();
  return updateHeldJob(
    ctx,
    jobId,
    worker,
    {
      status: 'succeeded',
      result: value === null ? null : encodeJson(value),
      error: null,
      progress: 1,
      lease_expires_at: null,
      finished_at: now,
      updated_at: now,
    },
    options.attemptToken,
  );
}

export interface FailJobOptions {
  /** Put the job back in the queue if attempts remain (default true). */
  retry?: boolean;
  /** Back-off before the retry becomes claimable. Default 0. */
  retryDelayMs?: number;
  /** Fail only while this attempt holds the job (see jobs-fence.ts). */
  attemptToken?: string;
}

/** Records a failure of a job the worker holds: re-queued while attempts remain (unless `retry: false`), else failed. */
export async function failJob(
  ctx: StoreContext,
  jobId: number,
  worker: string,
  error: string,
  options: FailJobOptions = {},
): Promise<Job> {
  const message = typeof error === 'string' && error.trim() !== '' ? error : 'failed without a message';
  const now = ctx.now();
  const row = await inWriteTransaction(ctx.db, async (trx) => {
    let held = trx
      .selectFrom('jobs')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', jobId)
      .where('lease_owner', '=', worker)
      .where('status', '=', 'running');
    if (options.attemptToken !== undefined) held = held.where('attempt_token', '=', options.attemptToken);
    const job = await held.executeTakeFirst();
    if (!job) return undefined;
    const retry = (options.retry ?? true) && job.attempts < job.max_attempts;
    return trx
      .updateTable('jobs')
      .set({
        status: retry ? 'queued' : 'failed',
        error: message,
        lease_expires_at: null,
        available_at: retry ? now + Math.max(0, options.retryDelayMs ?? 0) : now,
        finished_at: retry ? null : now,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  if (!row) throw await leaseLost(ctx, jobId, worker);
  return toJob(row);
}

/** Cancels a queued or running job (its worker learns it at its next heartbeat). Finished jobs are left as they are. */
export async function cancelJob(ctx: StoreContext, jobId: number): Promise<Job> {
  const now = ctx.now();
  const row = await ctx.db
    .updateTable('jobs')
    .set({ status: 'cancelled', lease_expires_at: null, finished_at: now, updated_at: now })
    .where('id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  return row ? toJob(row) : getJob(ctx, jobId);
}

/**
 * Re-queues at once every job `worker` holds — for a worker stopping cleanly, or restarting under the
 * same name, whose old leases would otherwise have to expire first. Returns how many. A job handed
 * back this way did not fail, so its claim does not count as an attempt: otherwise a training stopped
 * cleanly `maxAttempts` times would stay queued forever, never claimable again.
 */
export async function releaseWorkerJobs(ctx: StoreContext, worker: string): Promise<number> {
  const now = ctx.now();
  const result = await ctx.db
    .updateTable('jobs')
    .set((eb) => ({ status: 'queued', lease_expires_at: null, available_at: now, updated_at: now, attempts: eb('attempts', '-', 1) }))
    .where('status', '=', 'running')
    .where('lease_owner', '=', worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Updates a job only while it runs under `worker`'s lease (and attempt, if given); otherwise says why the lease is lost. */
async function updateHeldJob(ctx: StoreContext, jobId: number, worker: string, values: Updateable<JobsTable>, attemptToken?: string): Promise<Job> {
  let update = ctx.db.updateTable('jobs').set(values).where('id', '=', jobId).where('lease_owner', '=', worker).where('status', '=', 'running');
  if (attemptToken !== undefined) update = update.where('attempt_token', '=', attemptToken);
  const row = await update.returningAll().executeTakeFirst();
  if (!row) throw await leaseLost(ctx, jobId, worker);
  return toJob(row);
}

export async function leaseLost(ctx: StoreContext, jobId: number, worker: string): Promise<JobLeaseLostError> {
  const job = await getJob(ctx, jobId);
  const detail =
    job.status === 'running' && job.leaseOwner === worker
      ? 'another attempt of this worker holds it now'
      : job.status === 'running'
      ? `it is held by "${job.leaseOwner}" now (the lease of "${worker}" had expired)`
      : job.leaseOwner === worker
        ? `it is ${job.status}`
        : `it is ${job.status} and was last held by ${job.leaseOwner ? `"${job.leaseOwner}"` : 'no worker'}`;
  return new JobLeaseLostError(jobId, worker, job.status, detail);
}

function timeOf(value: Date | number, what: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${what} is not a valid time`);
  return Math.round(ms);
}

/** A job row as the API returns it. */
export function toJob(row: Selectable<JobsTable>): Job {
  const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
  return {
    id: row.id,
    kind: row.kind,
    payload: decodeJson(row.payload),
    status: row.status as JobStatus,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: date(row.lease_expires_at),
    availableAt: new Date(row.available_at),
    progress: row.progress,
    progressMessage: row.progress_message,
    result: decodeJsonOrNull(row.result),
    error: row.error,
    runId: row.run_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
    attemptToken: row.attempt_token,
    backend: row.backend as JobBackendKind,
  };
}
