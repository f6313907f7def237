/**
 * The job queue behind one interface, with two implementations: `embedded` (the queue is the store's
 * `jobs` table; the default, for SQLite or one machine) and `bullmq` (BullMQ on Redis, for many
 * hosts). On both, the store's job row is the job's state that everyone reads — the graph, the
 * worker's fence, the change notifications that wake subscriptions — and every attempt carries a
 * token that fences its writes (jobs-fence.ts). What the backends differ in is delivery: who gets a
 * job next, and how a worker that went silent loses it (a lease in the row, or BullMQ's lock and
 * stalled-job checker).
 */
import type { AttemptFence } from '../jobs-fence';
import type { EnqueueJobInput, Job, JobBackendKind } from '../jobs';

export interface ClaimRequest {
  /** Only jobs of these kinds. The `bullmq` backend takes the kinds from its queues, so it needs them. */
  kinds?: readonly string[];
  /** How long the job stays this worker's without a renewal (the embedded lease, BullMQ's lock). */
  leaseMs: number;
}

/** Progress and lock renewal of a running attempt. */
export interface AttemptBeat {
  progress?: number;
  message?: string;
}

/** One attempt at one job, held by one worker; everything it ends the job with is checked against its token. */
export interface JobAttempt {
  /** The job's row as the attempt started it (status `running`, this attempt's token). */
  readonly job: Job;
  readonly fence: AttemptFence;
  /** Renews the lease or lock and stores progress; throws JobLeaseLostError once the attempt no longer holds the job. */
  renew(beat: AttemptBeat): Promise<Job>;
  /** Stores the result; throws JobLeaseLostError (and stores nothing) if the attempt lost the job. */
  complete(result: unknown): Promise<Job>;
  /** Records a failure: queued again while attempts remain and `retry`, else failed. */
  fail(error: string, options: { retry: boolean }): Promise<Job>;
  /** Hands the job back for another worker (this one is stopping); the attempt does not count. */
  release(): Promise<void>;
  /** Lets go of a job this attempt lost (cancelled, finished or taken over): nothing is written to the row. */
  abandon(): Promise<void>;
}

export interface JobBackend {
  readonly kind: JobBackendKind;
  /** Where the queue is, for messages: `embedded (<store>)` or the Redis URL without its password. */
  readonly location: string;
  /** Queues a job: a row in the store, and (bullmq) its delivery in Redis. */
  enqueue(input: EnqueueJobInput): Promise<Job>;
  /** Cancels a queued or running job; the worker running it notices within a second or two and stops. */
  cancel(jobId: number): Promise<Job>;
  /** Starts an attempt at the next job for `worker`, or returns null when there is none now. */
  claim(worker: string, request: ClaimRequest): Promise<JobAttempt | null>;
  /** Closes the backend's own connections (never the store's). */
  close(): Promise<void>;
}
