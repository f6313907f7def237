/**
 * Fencing of job results. Delivery is at least once: a worker that lost its job (a partition longer
 * than its lease, a pause the lock outlived) may still be running it while another attempt has taken
 * over. Every attempt has a token, recorded on the job row when it starts; a fenced write first checks,
 * inside its own transaction, that the row still holds that token and that the job is running. The
 * check locks the row (PostgreSQL `FOR SHARE`; SQLite writers are serialised anyway), so a takeover
 * cannot slip between the check and the write: either the write commits before the takeover, or it is
 * refused and nothing of it is stored.
 */
import type { Kysely } from 'kysely';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { TrackingError } from './errors';
import type { Database } from './schema';

/** Which attempt of which job a write belongs to. */
export interface AttemptFence {
  jobId: number;
  token: string;
}

/** A write from an attempt that no longer holds its job: refused, nothing was stored. */
export class StaleAttemptError extends TrackingError {
  override name = 'StaleAttemptError';
  readonly jobId: number;
  /** The job's status now (`cancelled` when a user cancelled it). */
  readonly jobStatus: string;
  constructor(jobId: number, jobStatus: string, detail: string) {
    super(`job ${jobId}: this attempt no longer holds the job (${detail}); its write was refused`);
    this.jobId = jobId;
    this.jobStatus = jobStatus;
  }
}

/** Throws {@link StaleAttemptError} unless the job runs under `fence.token`; call inside the write's transaction. */
export async function assertAttemptHolds(db: Kysely<Database>, dialect: StoreContext['dialect'], fence: AttemptFence): Promise<void> {
  let query = db.selectFrom('jobs').select(['status', 'attempt_token']).where('id', '=', fence.jobId);
  if (dialect === 'postgres') query = query.forShare();
  const row = await query.executeTakeFirst();
  if (!row) throw new StaleAttemptError(fence.jobId, 'missing', 'the job does not exist');
  if (row.attempt_token !== fence.token) throw new StaleAttemptError(fence.jobId, row.status, `another attempt took it over; it is ${row.status}`);
  // A cancelled job's attempt may still wind down (a last checkpoint, its run marked cancelled): no
  // other attempt can hold a cancelled job. It can no longer complete it (jobs.ts checks `running`).
  if (row.status !== 'running' && row.status !== 'cancelled') throw new StaleAttemptError(fence.jobId, row.status, `it is ${row.status}`);
}

/** Runs `work` in one write transaction that first checks the fence; without a fence, just runs it. */
export async function fencedWrite<T>(ctx: StoreContext, fence: AttemptFence | undefined, work: (ctx: StoreContext) => Promise<T>): Promise<T> {
  if (!fence) return work(ctx);
  return inWriteTransaction(ctx.db, async (trx) => {
    await assertAttemptHolds(trx, ctx.dialect, fence);
    return work({ ...ctx, db: trx });
  });
}
