/**
 * The `embedded` backend: the queue is the store's `jobs` table (jobs.ts). A claim is one UPDATE that
 * leases the next job and gives it a new attempt token; a worker that stops renewing loses the job
 * when the lease runs out.
 */
import type { EnqueueJobInput, Job } from '../jobs';
import type { Store } from '../store';
import type { AttemptBeat, ClaimRequest, JobAttempt, JobBackend } from './job-backend';

export class EmbeddedJobBackend implements JobBackend {
  readonly kind = 'embedded' as const;
  readonly location: string;

  constructor(private readonly store: Store) {
    this.location = `embedded (${store.url})`;
  }

  enqueue(input: EnqueueJobInput): Promise<Job> {
    return this.store.jobs.enqueue({ ...input, backend: 'embedded' });
  }

  cancel(jobId: number): Promise<Job> {
    return this.store.jobs.cancel(jobId);
  }

  async claim(worker: string, request: ClaimRequest): Promise<JobAttempt | null> {
    const job = await this.store.jobs.claimNext(worker, { kinds: request.kinds, leaseMs: request.leaseMs });
    return job ? new EmbeddedAttempt(this.store, job, worker, request.leaseMs) : null;
  }

  async close(): Promise<void> {
    // Nothing of its own: the store's connection is the caller's.
  }
}

class EmbeddedAttempt implements JobAttempt {
  readonly fence;
  constructor(
    private readonly store: Store,
    readonly job: Job,
    private readonly worker: string,
    private readonly leaseMs: number,
  ) {
    this.fence = { jobId: job.id, token: job.attemptToken ?? '' };
  }

  renew(beat: AttemptBeat): Promise<Job> {
    return this.store.jobs.heartbeat(this.job.id, this.worker, { leaseMs: this.leaseMs, attemptToken: this.fence.token, ...beat });
  }

  complete(result: unknown): Promise<Job> {
    return this.store.jobs.complete(this.job.id, this.worker, result, { attemptToken: this.fence.token });
  }

  fail(error: string, options: { retry: boolean }): Promise<Job> {
    return this.store.jobs.fail(this.job.id, this.worker, error, { retry: options.retry, attemptToken: this.fence.token });
  }

  async release(): Promise<void> {
    await this.store.jobs.releaseAttempt(this.job.id, this.fence.token);
  }

  async abandon(): Promise<void> {
    // The row already says the job is not ours; nothing else holds it.
  }
}
