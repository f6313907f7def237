/**
 * Attempts of jobs that an outside queue delivers (the `bullmq` backend). The queue decides who runs a
 * job and when a silent worker has lost it; the job's row stays the state everyone reads (the graph,
 * the fence). An attempt starts by writing its token on the row, which fences off any earlier attempt
 * still running somewhere; the row also says whether the job should run at all (a job cancelled while
 * it waited in the queue, or finished by an attempt whose queue acknowledgement was lost, does not).
 */
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { UnknownJobError } from './errors';
import { leaseSchema, toJob, type Job } from './jobs';
import { nonEmptyText, parseInput } from './validation';

export interface StartedAttempt {
  job: Job;
  /** False when the job must not run: `job.status` says why (finished, cancelled, or failed just now for lack of attempts). */
  run: boolean;
}

/**
 * Starts an attempt of a delivered job for `worker` under `token`: the row becomes `running` under
 * that token (whatever attempt held it before), unless the job is finished or cancelled. A job that
 * already used its last attempt (its worker died on it) is failed instead, as the embedded queue does.
 */
export async function startJobAttempt(ctx: StoreContext, jobId: number, worker: string, token: string, leaseMs: number): Promise<StartedAttempt> {
  parseInput(nonEmptyText, worker, 'startJobAttempt: worker');
  parseInput(nonEmptyText, token, 'startJobAttempt: token');
  parseInput(leaseSchema, leaseMs, 'startJobAttempt: leaseMs');
  const now = ctx.now();
  return inWriteTransaction(ctx.db, async (trx) => {
    let read = trx.selectFrom('jobs').selectAll().where('id', '=', jobId);
    if (ctx.dialect === 'postgres') read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) throw new UnknownJobError(jobId, ctx.displayUrl);
    if (row.status !== 'queued' && row.status !== 'running') return { job: toJob(row), run: false };
    if (row.attempts >= row.max_attempts) {
      const failed = await trx
        .updateTable('jobs')
        .set({
          status: 'failed',
          error: `${row.lease_owner ? `worker ${row.lease_owner}` : 'its worker'} stopped answering on attempt ${row.attempts} of ${row.max_attempts}`,
          lease_expires_at: null,
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', jobId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { job: toJob(failed), run: false };
    }
    const started = await trx
      .updateTable('jobs')
      .set({
        status: 'running',
        lease_owner: worker,
        lease_expires_at: now + leaseMs,
        attempts: row.attempts + 1,
        attempt_token: token,
        started_at: row.started_at ?? now,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { job: toJob(started), run: true };
  });
}

/**
 * Hands a running attempt's job back to the queue (a worker stopping cleanly): queued again, and the
 * attempt does not count. False when the attempt no longer held the job.
 */
export async function releaseJobAttempt(ctx: StoreContext, jobId: number, token: string): Promise<boolean> {
  const now = ctx.now();
  const result = await ctx.db
    .updateTable('jobs')
    .set((eb) => ({ status: 'queued', lease_expires_at: null, available_at: now, updated_at: now, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .where('attempt_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Fails a queued job that could not be handed to its queue (the enqueue itself failed), so it does not wait forever. */
export async function failUndeliveredJob(ctx: StoreContext, jobId: number, error: string): Promise<Job> {
  const now = ctx.now();
  const row = await ctx.db
    .updateTable('jobs')
    .set({ status: 'failed', error, finished_at: now, updated_at: now })
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const existing = await ctx.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
    if (!existing) throw new UnknownJobError(jobId, ctx.displayUrl);
    return toJob(existing);
  }
  return toJob(row);
}
