import { JobLeaseLostError, type Job, type Store } from '@protoscope/tracking';
import type { JobProgress } from './job-handler';

export interface JobLeaseOptions {
  leaseMs: number;
  /** How often the lease is renewed; well below `leaseMs`. */
  heartbeatMs: number;
  log(line: string): void;
}

/**
 * Keeps a claimed job's lease alive while its handler works: a heartbeat on a timer (between
 * training batches the loop yields to timers) and, when one is due, on each progress report, carrying
 * the latest progress. When the store answers that the worker no longer holds the job — cancelled, or
 * taken over after the lease expired — `signal` is aborted and `lost` says why.
 */
export class JobLease {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #lastBeat = Date.now();
  #inFlight: Promise<void> | undefined;
  /** A heartbeat queued behind the one in flight, not yet sending. */
  #waiting: Promise<void> | undefined;
  #pending: JobProgress = {};
  #lost: JobLeaseLostError | undefined;

  constructor(
    private readonly store: Store,
    private readonly job: Job,
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
  }

  /** Stops the timer and stores the last reported progress (the job's final state shows where it ended). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
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

  async #send(): Promise<void> {
    if (this.#lost) return;
    const progress = this.#pending;
    this.#pending = {};
    this.#lastBeat = Date.now();
    try {
      await this.store.heartbeatJob(this.job.id, this.worker, {
        leaseMs: this.options.leaseMs,
        ...(progress.fraction !== undefined ? { progress: Math.min(1, Math.max(0, progress.fraction)) } : {}),
        ...(progress.message !== undefined ? { message: progress.message } : {}),
      });
    } catch (error) {
      if (error instanceof JobLeaseLostError) {
        this.#lost = error;
        clearInterval(this.#timer);
        this.#controller.abort(error);
        return;
      }
      // A busy or briefly unreachable store: the next beat tries again (the lease outlasts a few misses).
      this.options.log(`job ${this.job.id}: heartbeat failed (${error instanceof Error ? error.message : String(error)}); retrying`);
    }
  }
}
