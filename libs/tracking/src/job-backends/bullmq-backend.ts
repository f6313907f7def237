/**
 * The `bullmq` backend: BullMQ 6 on Redis 7 delivers jobs, one queue per job kind (`<prefix>:<kind>`);
 * the store's row stays the job's state. Enqueueing writes the row, then adds a BullMQ job whose id is
 * `job-<row id>` (so adding it twice is harmless). Workers fetch jobs manually (`getNextJob` under a
 * fresh token per attempt), which keeps one worker loop for both backends: the worker renews BullMQ's
 * lock with its heartbeats, and BullMQ's stalled-job checker hands a silent worker's job to another
 * worker after the lock and stall intervals. The attempt's token is BullMQ's lock token and is written
 * on the row when the attempt starts, fencing off whatever attempt held the job before.
 *
 * Retries follow the row: the store decides from the job's attempts and the error (jobs.ts failJob);
 * a job to retry goes back to BullMQ's wait list, a finished one leaves BullMQ. BullMQ's own attempt
 * and stall limits are set out of the way for the same reason.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { JobLeaseLostError, UnknownJobError } from '../errors';
import type { EnqueueJobInput, Job } from '../jobs';
import type { Store } from '../store';
import type { AttemptBeat, ClaimRequest, JobAttempt, JobBackend } from './job-backend';
import { checkRedisForQueue, QueueConfigError, redactRedisUrl } from './redis-checks';

/** What the BullMQ job carries: only the row's id (the payload lives in the row). */
interface QueuedRef {
  jobId: number;
}

export interface BullmqBackendOptions {
  /** `redis://[:password@]host:port[/db]` */
  url: string;
  /** Key prefix in Redis (default `protoscope`): one per store when stores share a Redis. */
  prefix?: string;
  /** How often BullMQ looks for jobs whose lock expired (default 15 s; tests use less). */
  stalledIntervalMs?: number;
  /** Warnings about the Redis configuration (append-only persistence off, …). */
  warn?: (line: string) => void;
}

/** BullMQ refuses integer ids, and the row's id is one. */
const bullJobId = (jobId: number) => `job-${jobId}`;

// BullMQ: 1 is the highest priority, 2^21 - 1 the lowest; ours: higher first, any integer.
const bullPriority = (priority: number) => Math.min(2 ** 21 - 1, Math.max(1, 2 ** 20 - priority));

/** Opens the backend after checking the Redis it needs (refuses one that may evict keys). */
export async function openBullmqBackend(store: Store, options: BullmqBackendOptions): Promise<BullmqJobBackend> {
  const displayUrl = redactRedisUrl(options.url);
  // disconnectTimeout: how long ioredis keeps a closing socket's timer (default 2 s, which outlives a short command).
  const redis = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: true, disconnectTimeout: 200 });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error)); // reconnects by itself; callers see failed commands
  try {
    await redis.connect().catch((error: unknown) => {
      throw new QueueConfigError(`${displayUrl}: cannot reach Redis (${(lastError ?? (error as Error)).message})`);
    });
    for (const warning of await checkRedisForQueue(redis, displayUrl)) (options.warn ?? ((line) => process.stderr.write(`${line}\n`)))(warning);
  } catch (error) {
    await redis.quit().catch(() => redis.disconnect());
    throw error;
  }
  return new BullmqJobBackend(store, redis, displayUrl, options);
}

export class BullmqJobBackend implements JobBackend {
  readonly kind = 'bullmq' as const;
  readonly location: string;
  readonly #queues = new Map<string, Queue<QueuedRef>>();
  readonly #workers = new Map<string, Worker<QueuedRef>>();
  readonly #prefix: string;
  /** Round-robin start among the kinds, so no kind starves another. */
  #next = 0;

  constructor(
    private readonly store: Store,
    private readonly redis: Redis,
    displayUrl: string,
    private readonly options: BullmqBackendOptions,
  ) {
    this.location = displayUrl;
    this.#prefix = options.prefix ?? 'protoscope';
  }

  #queue(kind: string): Queue<QueuedRef> {
    let queue = this.#queues.get(kind);
    if (!queue) {
      queue = new Queue<QueuedRef>(kind, { connection: this.redis, prefix: this.#prefix });
      queue.on('error', () => undefined);
      this.#queues.set(kind, queue);
    }
    return queue;
  }

  #worker(kind: string, leaseMs: number): Worker<QueuedRef> {
    const key = `${kind}\u0000${leaseMs}`;
    let worker = this.#workers.get(key);
    if (!worker) {
      worker = new Worker<QueuedRef>(kind, null, {
        connection: this.redis,
        prefix: this.#prefix,
        autorun: false,
        lockDuration: leaseMs,
        stalledInterval: this.options.stalledIntervalMs ?? 15_000,
        // The row counts attempts (a job whose worker died on its last attempt is failed there).
        maxStalledCount: 1_000_000,
      });
      worker.on('error', () => undefined);
      void worker.startStalledCheckTimer();
      this.#workers.set(key, worker);
    }
    return worker;
  }

  async #deliver(job: Job): Promise<void> {
    await this.#queue(job.kind).add(
      job.kind,
      { jobId: job.id },
      {
        jobId: bullJobId(job.id),
        priority: bullPriority(job.priority),
        delay: Math.max(0, job.availableAt.getTime() - Date.now()),
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async enqueue(input: EnqueueJobInput): Promise<Job> {
    const job = await this.store.jobs.enqueue({ ...input, backend: 'bullmq' });
    try {
      await this.#deliver(job);
    } catch (error) {
      await this.store.jobs.failUndelivered(job.id, `could not queue the job on ${this.location}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    return job;
  }

  async cancel(jobId: number): Promise<Job> {
    const job = await this.store.jobs.cancel(jobId);
    // A waiting job leaves BullMQ now; a running one is stopped by its worker, which watches the row.
    if (job.backend === 'bullmq') await this.#queue(job.kind).remove(bullJobId(jobId)).catch(() => 0);
    return job;
  }

  /**
   * Queues again in BullMQ every job whose row is queued, or running under a lease that ran out
   * (Redis lost them: restarted without append-only persistence, or flushed). Ids already in BullMQ
   * are left alone. Returns how many rows were looked at.
   */
  async requeueFromStore(kinds?: readonly string[]): Promise<number> {
    const rows = (await this.store.jobs.list({ status: ['queued', 'running'] })).filter(
      (job) =>
        job.backend === 'bullmq' &&
        (kinds === undefined || kinds.includes(job.kind)) &&
        (job.status === 'queued' || (job.leaseExpiresAt !== null && job.leaseExpiresAt.getTime() < Date.now())),
    );
    for (const job of rows) {
      const existing = await this.#queue(job.kind).getJob(bullJobId(job.id));
      if (!existing) await this.#deliver(job);
    }
    return rows.length;
  }

  async claim(worker: string, request: ClaimRequest): Promise<JobAttempt | null> {
    const kinds = request.kinds;
    if (!kinds || kinds.length === 0) throw new Error('the bullmq job backend needs the job kinds to take (one queue per kind)');
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(this.#next + i) % kinds.length];
      const bullWorker = this.#worker(kind, request.leaseMs);
      for (;;) {
        const token = randomUUID();
        const bullJob = (await bullWorker.getNextJob(token, { block: false })) as BullJob<QueuedRef> | undefined;
        if (!bullJob) break;
        const attempt = await this.#start(bullJob, token, worker, request.leaseMs);
        if (attempt) {
          this.#next = (this.#next + i + 1) % kinds.length;
          return attempt;
        }
      }
    }
    return null;
  }

  /** Starts the row's attempt under BullMQ's token; settles a delivery the row says must not run. */
  async #start(bullJob: BullJob<QueuedRef>, token: string, worker: string, leaseMs: number): Promise<BullmqAttempt | undefined> {
    const jobId = Number(bullJob.data?.jobId);
    let started;
    try {
      started = await this.store.jobs.startAttempt(jobId, worker, token, leaseMs);
    } catch (error) {
      if (!(error instanceof UnknownJobError)) throw error;
      // Not a job of this store (another store on the same Redis prefix): drop the delivery.
      await bullJob.moveToFailed(new Error(`job ${bullJob.data?.jobId} is not in ${this.store.url}`), token, false).catch(() => undefined);
      return undefined;
    }
    if (!started.run) {
      await bullJob.moveToCompleted(null, token, false).catch(() => undefined);
      return undefined;
    }
    return new BullmqAttempt(this.store, started.job, worker, token, bullJob, leaseMs);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.close(true).catch(() => undefined)));
    await Promise.all([...this.#queues.values()].map((q) => q.close().catch(() => undefined)));
    this.#workers.clear();
    this.#queues.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

class BullmqAttempt implements JobAttempt {
  readonly fence;
  constructor(
    private readonly store: Store,
    readonly job: Job,
    private readonly worker: string,
    private readonly token: string,
    private readonly bullJob: BullJob<QueuedRef>,
    private readonly leaseMs: number,
  ) {
    this.fence = { jobId: job.id, token };
  }

  async renew(beat: AttemptBeat): Promise<Job> {
    const extended = await this.bullJob.extendLock(this.token, this.leaseMs);
    if (!extended) {
      const now = await this.store.jobs.get(this.job.id);
      throw new JobLeaseLostError(this.job.id, this.worker, now.status, 'its BullMQ lock expired and another worker may hold it');
    }
    return this.store.jobs.heartbeat(this.job.id, this.worker, { leaseMs: this.leaseMs, attemptToken: this.token, ...beat });
  }

  async complete(result: unknown): Promise<Job> {
    const job = await this.store.jobs.complete(this.job.id, this.worker, result, { attemptToken: this.token });
    // The row is done; if BullMQ's acknowledgement is lost, a redelivery finds the row finished and drops it.
    await this.bullJob.moveToCompleted(null, this.token, false).catch(() => undefined);
    return job;
  }

  async fail(error: string, options: { retry: boolean }): Promise<Job> {
    const job = await this.store.jobs.fail(this.job.id, this.worker, error, { retry: options.retry, attemptToken: this.token });
    if (job.status === 'queued') await this.bullJob.moveToWait(this.token).catch(() => undefined);
    else await this.bullJob.moveToFailed(new Error(error), this.token, false).catch(() => undefined);
    return job;
  }

  async release(): Promise<void> {
    await this.store.jobs.releaseAttempt(this.job.id, this.token);
    await this.bullJob.moveToWait(this.token).catch(() => undefined);
  }

  async abandon(): Promise<void> {
    // Cancelled or finished: our lock is still BullMQ's, so end the delivery now. Taken over: the
    // lock is someone else's and BullMQ refuses, which is right.
    await this.bullJob.moveToCompleted(null, this.token, false).catch(() => undefined);
  }
}
