import { JobPayloadError } from '@protoscope/job-contract';
import type { AttemptFence, Job, JobBackend, Store } from '@protoscope/tracking';

/** Progress a handler reports; stored on the job with the next heartbeat. */
export interface JobProgress {
  /** 0…1 of the whole job. */
  fraction?: number;
  /** Shown next to the job; training reports a JSON object `{"epoch","epochs","step","of"}`. */
  message?: string;
}

/** What a handler gets to do one job. */
export interface JobContext {
  readonly job: Job;
  /** The worker's connection to the store, its writes of results fenced by this attempt (tracking's jobs-fence.ts). */
  readonly store: Store;
  /** The store's URL, for code that opens its own connection (training does: with `fence`). */
  readonly storeUrl: string;
  /** This attempt: whatever the handler writes to the store must carry it, so a stale attempt writes nothing. */
  readonly fence: AttemptFence;
  /** The worker's job queue, for jobs a handler starts or cancels (a sweep's trials). */
  readonly jobs: Pick<JobBackend, 'enqueue' | 'cancel'>;
  /** Folder under which generated and imported datasets are written (`<id>/` each). */
  readonly datasetsRoot: string;
  /**
   * Aborted when the job is cancelled, when another worker took it over, or when this worker shuts
   * down: stop soon (training checkpoints first) and throw {@link JobInterruptedError}.
   */
  readonly signal: AbortSignal;
  log(line: string): void;
  /** Records progress; renews the lease at once when a heartbeat is due. */
  reportProgress(progress: JobProgress): Promise<void>;
  /** Links the job to the run it works on, as soon as that run exists. */
  setRun(runId: string): Promise<void>;
}

/** Does the jobs of one kind; its return value (plain JSON) becomes the job's result. */
export interface JobHandler {
  kind: string;
  /**
   * CPU- or GPU-heavy: run in a process of its own (a child of the worker) when the worker sandboxes
   * jobs, so the worker's heartbeats, which keep the job's lease or lock, are never starved by it.
   */
  separateProcess?: boolean;
  run(context: JobContext): Promise<unknown>;
}

/** The job's payload does not fit its kind; retrying cannot help. Defined by the job contract. */
export { JobPayloadError };

/** No handler for the job's kind in this worker. */
export class NoJobHandlerError extends Error {
  override name = 'NoJobHandlerError';
  constructor(kind: string, known: readonly string[]) {
    super(`no handler for job kind '${kind}' in this worker (it handles: ${known.join(', ')})`);
  }
}

/** The handler stopped early because its signal was aborted; the job is neither done nor failed. */
export class JobInterruptedError extends Error {
  override name = 'JobInterruptedError';
}
