/**
 * A sweep's trials are runs carrying `sweep_id`, `sweep_trial` and `sweep_rung` (migration 0009). The
 * controller creates a trial's run before its job, under the unique (sweep, trial) key, so a second
 * controller racing the first cannot add it again; ASHA's promotion to the next rung is a conditional
 * update of the rung, so it too happens once.
 */
import { randomUUID } from 'node:crypto';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import { cancelJob, type JobStatus } from './jobs';
import { encodeParam, flattenConfig } from './params';
import { updateRunStatus, type RunStatus } from './runs';
import { endSweep, getSweep, sweepDb, type SweepDatabase } from './sweeps';
import type { Kysely } from 'kysely';

/** The job kind of a trial's training (the worker's handler wraps `train`). */
export const SWEEP_TRIAL_JOB_KIND = 'sweep-trial';
/** The job kind that advances a sweep (the controller). */
export const SWEEP_ADVANCE_JOB_KIND = 'sweep-advance';

export interface SweepTrial {
  runId: string;
  /** 0-based index in the sweep. */
  trial: number;
  /** The rung the run is asked to reach (0 outside ASHA). */
  rung: number;
  runStatus: RunStatus;
  config: JsonObject;
  /** The latest trial job of the run, if any. */
  jobId: number | null;
  jobStatus: JobStatus | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface AddSweepTrialInput {
  trial: number;
  rung: number;
  name: string;
  /** The run's config: `{method: …, training: …}` as `protoscope train` records it. */
  config: object;
  seed: number;
  tags?: readonly string[];
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Creates the trial's run (status `queued`); undefined when the sweep already has that trial. */
export async function addSweepTrial(ctx: StoreContext, sweepId: string, input: AddSweepTrialInput): Promise<string | undefined> {
  if (!Number.isInteger(input.trial) || input.trial < 0) throw new InvalidInputError(`addSweepTrial: trial must be an index ≥ 0, got ${input.trial}`);
  const sweep = await getSweep(ctx, sweepId);
  const config = toJsonObject(input.config, 'addSweepTrial: config');
  const id = randomUUID();
  const now = ctx.now();
  const tags = [...new Set(input.tags ?? [])];
  try {
    return await inWriteTransaction(ctx.db, async (plain) => {
      const trx = plain.withTables<{ runs: SweepDatabase['runs'] }>() as unknown as Kysely<SweepDatabase>;
      const clash = await trx.selectFrom('runs').select('id').where('sweep_id', '=', sweepId).where('sweep_trial', '=', input.trial).executeTakeFirst();
      if (clash) return undefined;
      await trx
        .insertInto('runs')
        .values({
          id,
          name: input.name,
          method: sweep.method,
          dataset: sweep.dataset,
          config: encodeJson(config),
          seed: input.seed,
          backend: null,
          status: 'queued',
          error: null,
          git_commit: null,
          parent_run_id: null,
          resume_of_run_id: null,
          created_at: now,
          started_at: null,
          finished_at: null,
          heartbeat_at: null,
          sweep_id: sweepId,
          sweep_trial: input.trial,
          sweep_rung: input.rung,
        })
        .execute();
      if (tags.length > 0) await trx.insertInto('run_tags').values(tags.map((tag) => ({ run_id: id, tag }))).execute();
      const params = flattenConfig(config);
      for (let i = 0; i < params.length; i += 200) {
        await trx
          .insertInto('run_params')
          .values(params.slice(i, i + 200).map((p) => ({ run_id: id, key: p.key, value: p.value, value_type: p.valueType, value_number: p.valueNumber })))
          .execute();
      }
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

/**
 * Moves a finished trial from rung `fromRung` to `toRung` with `epochs` in all: its run goes back to
 * `queued` with `training.epochs` raised, so resuming it continues from its last checkpoint. False
 * when the trial is not finished at `fromRung` (another controller promoted it, or it is not done).
 */
export async function promoteSweepTrial(ctx: StoreContext, sweepId: string, trial: number, fromRung: number, toRung: number, epochs: number): Promise<boolean> {
  return inWriteTransaction(ctx.db, async (plain) => {
    const trx = plain as unknown as Kysely<SweepDatabase>;
    const row = await trx
      .selectFrom('runs')
      .select(['id', 'config'])
      .where('sweep_id', '=', sweepId)
      .where('sweep_trial', '=', trial)
      .where('sweep_rung', '=', fromRung)
      .where('status', '=', 'finished')
      .executeTakeFirst();
    if (!row) return false;
    const config = decodeJson(row.config) as JsonObject;
    const training = { ...((config.training ?? {}) as JsonObject), epochs };
    const updated = await trx
      .updateTable('runs')
      .set({ config: encodeJson({ ...config, training }), status: 'queued', finished_at: null, error: null, sweep_rung: toRung })
      .where('id', '=', row.id)
      .where('sweep_rung', '=', fromRung)
      .where('status', '=', 'finished')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    const param = encodeParam(epochs);
    await trx
      .updateTable('run_params')
      .set({ value: param.value, value_type: param.valueType, value_number: param.valueNumber })
      .where('run_id', '=', row.id)
      .where('key', '=', 'training.epochs')
      .execute();
    return true;
  });
}

/** The sweep's trials in trial order, each with its run's status and its latest trial job. */
export async function sweepTrials(ctx: StoreContext, sweepId: string): Promise<SweepTrial[]> {
  const db = sweepDb(ctx);
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'sweep_trial', 'sweep_rung', 'status', 'config', 'created_at', 'finished_at'])
    .where('sweep_id', '=', sweepId)
    .orderBy('sweep_trial')
    .execute();
  const jobs = new Map<string, { id: number; status: string }>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const jobRows = await db
      .selectFrom('jobs')
      .select(['id', 'status', 'run_id'])
      .where('kind', '=', SWEEP_TRIAL_JOB_KIND)
      .where('run_id', 'in', ids.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const j of jobRows) if (j.run_id) jobs.set(j.run_id, { id: Number(j.id), status: j.status });
  }
  return rows.map((r) => ({
    runId: r.id,
    trial: Number(r.sweep_trial),
    rung: Number(r.sweep_rung ?? 0),
    runStatus: r.status as RunStatus,
    config: decodeJson(r.config) as JsonObject,
    jobId: jobs.get(r.id)?.id ?? null,
    jobStatus: (jobs.get(r.id)?.status as JobStatus | undefined) ?? null,
    createdAt: new Date(Number(r.created_at)),
    finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)),
  }));
}

/** The sweep a run is a trial of, with its index and rung; undefined for other runs. */
export async function runSweepTrial(ctx: StoreContext, runId: string): Promise<{ sweepId: string; trial: number; rung: number } | undefined> {
  const row = await sweepDb(ctx).selectFrom('runs').select(['sweep_id', 'sweep_trial', 'sweep_rung']).where('id', '=', runId).executeTakeFirst();
  if (!row?.sweep_id) return undefined;
  return { sweepId: row.sweep_id, trial: Number(row.sweep_trial), rung: Number(row.sweep_rung ?? 0) };
}

/**
 * Cancels a running sweep: no trial starts any more, the trial jobs still queued or running are
 * cancelled (a running one stops at its next heartbeat, checkpointed), and a trial run that has no
 * job yet is marked cancelled. False when the sweep had already ended.
 */
export async function cancelSweep(ctx: StoreContext, sweepId: string): Promise<boolean> {
  if (!(await endSweep(ctx, sweepId, 'cancelled', 'cancelled'))) return false;
  for (const t of await sweepTrials(ctx, sweepId)) {
    if (t.jobId !== null && (t.jobStatus === 'queued' || t.jobStatus === 'running')) {
      await cancelJob(ctx, t.jobId);
    }
    if (t.runStatus === 'queued') {
      await updateRunStatus(ctx, t.runId, 'cancelled', { error: 'sweep cancelled' });
    }
  }
  return true;
}
