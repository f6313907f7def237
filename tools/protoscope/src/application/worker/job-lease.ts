import { JobLeaseLostError, type JobAttempt, type Store } from '@protoscope/tracking';
import type { JobProgress } from './job-handler';

export interface JobLeaseOptions {
  leaseMs: number;
  /** How often the lease is renewed; well below `leaseMs`. */
  heartbeatMs: number;
  /** How often the job's row is read to learn of a cancel or a takeover sooner than the next heartbeat. Default 1000 ms. */
  watchMs?: number;
  log(line: string): void;
}

/**
 * Keeps an attempt's hold on its job while the handler works: a heartbeat on a timer (between
 * training batches the loop yields to timers) and, when one is due, on each progress report, carrying
 * the latest progress; it renews the lease (embedded) or BullMQ's lock (bullmq). Between heartbeats a
 * cheap read of the job's row notices a cancel from the graph, or another attempt taking over, within
 * `watchMs`. Either way `signal` is aborted and `lost` says why.
 */
export class JobLease {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #watchTimer: NodeJS.Timeout | undefined;
  #watching = false;
  #lastBeat = Date.now();
  #inFlight: Promise<void> | undefined;
  /** A heartbeat queued behind the one in flight, not yet sending. */
  #waiting: Promise<void> | undefined;
  #pending: JobProgress = {};
  #lost: JobLeaseLostError | undefined;

  constructor(
    private readonly attempt: JobAttempt,
    private readonly store: Store,
    private readonly worker: string,
    private readonly options: JobLeaseOptions,
  ) {}

  /** Aborted when the lease is lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the worker no longer holds the job (its status is `lost.jobStatus`), if it does not. */
  get lost(): JobLeaseLostError | undefined {
    return this.#lost;
  }

  start(): void {
    this.#timer = setInterval(() => {
      if (!this.#inFlight) void this.beat();
    }, this.options.heartbeatMs);
    this.#timer.unref();
    this.#watchTimer = setInterval(() => void this.#watch(), this.options.watchMs ?? 1000);
    this.#watchTimer.unref();
  }

  /** Stops the timers and stores the last reported progress (the job's final state shows where it ended). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#watchTimer);
    this.#timer = undefined;
    this.#watchTimer = undefined;
    if (Object.keys(this.#pending).length > 0) await this.beat();
    await this.#inFlight;
  }

  /** Keeps the progress for the next heartbeat, and sends it now if one is due. Never throws. */
  async report(progress: JobProgress): Promise<void> {
    this.#pending = { ...this.#pending, ...progress };
    if (Date.now() - this.#lastBeat >= this.options.heartbeatMs) await this.beat();
  }

  /**
   * Sends a heartbeat after the one under way, if any, so the latest progress is never dropped; calls
   * while one is waiting share it (it sends whatever progress is latest when its turn comes). Never throws.
   */
  beat(): Promise<void> {
    if (this.#lost) return Promise.resolve();
    if (this.#waiting) return this.#waiting;
    const next = (this.#inFlight ?? Promise.resolve()).then(() => {
      this.#waiting = undefined;
      return this.#send();
    });
    this.#waiting = next;
    this.#inFlight = next;
    void next.then(() => {
      if (this.#inFlight === next) this.#inFlight = undefined;
    });
    return next;
  }

  #lose(error: JobLeaseLostError): void {
    if (this.#lost) return;
    this.#lost = error;
    clearInterval(this.#timer);
    clearInterval(this.#watchTimer);
    this.#controller.abort(error);
  }

  async #watch(): Promise<void> {
    if (this.#watching || this.#lost) return;
    this.#watching = true;
    try {
      const job = await this.store.jobs.get(this.attempt.job.id);
      if (job.status !== 'running') {
        this.#lose(new JobLeaseLostError(job.id, this.worker, job.status, `it is ${job.status}`));
      } else if (job.attemptToken !== this.attempt.fence.token) {
        this.#lose(new JobLeaseLostError(job.id, this.worker, job.status, `another attempt holds it now (worker "${job.leaseOwner}")`));
      }
    } catch {
      // A store that does not answer: the heartbeats say whether the job is still ours.
    } finally {
      this.#watching = false;
    }
  }

  async #send(): Promise<void> {
    if (this.#lost) return;
    const progress = this.#pending;
    this.#pending = {};
    this.#lastBeat = Date.now();
    try {
      await this.attempt.renew({
        ...(progress.fraction !== undefined ? { progress: Math.min(1, Math.max(0, progress.fraction)) } : {}),
        ...(progress.message !== undefined ? { message: progress.message } : {}),
      });
    } catch (error) {
      if (error instanceof JobLeaseLostError) {
        this.#lose(error);
        return;
      }
      // A busy or briefly unreachable store or Redis: the next beat tries again (the lease outlasts a few misses).
      this.options.log(`job ${this.attempt.job.id}: heartbeat failed (${error instanceof Error ? error.message : String(error)}); retrying`);
    }
  }
}
