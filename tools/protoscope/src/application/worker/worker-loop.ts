import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BullmqJobBackend,
  DEFAULT_LEASE_MS,
  defaultStoreUrl,
  JobLeaseLostError,
  openJobBackend,
  openStore,
  queueSetting,
  StaleAttemptError,
  type JobAttempt,
  type JobBackend,
  type Store,
} from '@protoscope/tracking';
import { enqueueFollowUps, takeFollowUps } from './follow-up-jobs';
import { JobInterruptedError, NoJobHandlerError, type JobHandler, type JobProgress } from './job-handler';
import { JOB_HANDLERS, jobHandlerFor } from './job-handlers';
import { JobLease } from './job-lease';
import { isPermanentJobError } from './permanent-errors';
import { runInChildProcess } from './sandbox/run-in-child-process';

export interface RunWorkerOptions {
  /** Default: PROTOSCOPE_STORE, else the SQLite store under PROTOSCOPE_HOME. */
  storeUrl?: string;
  /** The job queue: `embedded` (the store's) or `redis://HOST:PORT` (BullMQ). Default PROTOSCOPE_QUEUE, else embedded. */
  queue?: string;
  /** BullMQ: how often to look for jobs whose worker stopped renewing its lock. Default 15 s. */
  stalledIntervalMs?: number;
  /**
   * Run heavy handlers (train, explain, evaluate) in a child process per job, so their work never
   * delays the heartbeats. Default: on with the bullmq backend, off with the embedded one.
   */
  separateProcesses?: boolean;
  /** How often the job's row is read for a cancel or a takeover. Default 1000 ms. */
  watchMs?: number;
  /** Unique among live workers (jobs are leased to it by name). Default `<host>-<pid>`. */
  name?: string;
  /** Take only jobs of these kinds; default every kind (kinds without a handler fail with "no handler"). */
  kinds?: readonly string[];
  /** How long to wait before asking again when no job is claimable. Default 1000 ms. */
  pollMs?: number;
  /** Stops the worker: the job under way is interrupted (training checkpoints) and released for another worker. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Lease length. Default {@link DEFAULT_LEASE_MS}; a dead worker's job is claimable again after it. */
  leaseMs?: number;
  /** Default a quarter of the lease. */
  heartbeatMs?: number;
  /** Do at most one job, then return (also when there is none). */
  once?: boolean;
  handlers?: readonly JobHandler[];
  /** Default the store's data root (where dataset locations are relative to). */
  datasetsRoot?: string;
}

export interface WorkerSummary {
  name: string;
  succeeded: number;
  failed: number;
  /** Released at shutdown, cancelled, or taken over by another worker. */
  interrupted: number;
}

type Outcome = 'succeeded' | 'failed' | 'interrupted';

export function defaultWorkerName(): string {
  return `${os.hostname()}-${process.pid}`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A worker: claims the next job, runs its kind's handler under a renewed lease, then completes the
 * job with the handler's result or fails it with the error's message (retried while attempts remain,
 * unless the error is one another attempt would meet again). Returns when `signal` aborts (releasing
 * the job under way, so another worker resumes it at once) or, with `once`, after one job.
 */
export async function runWorker(options: RunWorkerOptions = {}): Promise<WorkerSummary> {
  const storeUrl = options.storeUrl ?? defaultStoreUrl();
  const name = options.name ?? defaultWorkerName();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const shutdown = options.signal ?? new AbortController().signal;
  const handlers = options.handlers ?? JOB_HANDLERS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 1000;
  const settings = {
    storeUrl,
    name,
    log,
    shutdown,
    handlers,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 4)),
  };
  const summary: WorkerSummary = { name, succeeded: 0, failed: 0, interrupted: 0 };
  const store = await openStore(storeUrl);
  const datasetsRoot = options.datasetsRoot ?? store.dataRoot;
  let backend: JobBackend;
  try {
    backend = await openJobBackend(store, { queue: options.queue, stalledIntervalMs: options.stalledIntervalMs, warn: (line) => log(`worker ${name}: ${line}`) });
  } catch (error) {
    await store.close();
    throw error;
  }
  // BullMQ has one queue per kind, so a bullmq worker takes the kinds it has handlers for.
  const kinds = options.kinds ?? (backend.kind === 'bullmq' ? handlers.map((h) => h.kind) : undefined);
  const jobSettings = { ...settings, datasetsRoot, backend, queue: queueSetting(options.queue), separateProcesses: options.separateProcesses ?? backend.kind === 'bullmq', watchMs: options.watchMs ?? 1000 };
  log(`worker ${name}: taking ${kinds ? kinds.join(', ') : 'all'} jobs from ${backend.kind === 'bullmq' ? `${backend.location} (bullmq) for ` : ''}${store.url}`);
  try {
    if (backend instanceof BullmqJobBackend) {
      // Jobs Redis lost (a restart without append-only persistence, a flush) are queued again from their rows.
      await backend.requeueFromStore(kinds).catch((error: unknown) => log(`worker ${name}: could not re-queue jobs from the store (${messageOf(error)})`));
    }
    while (!shutdown.aborted) {
      let attempt: JobAttempt | null;
      try {
        attempt = await backend.claim(name, { kinds, leaseMs });
      } catch (error) {
        // A store or Redis that is briefly unreachable (restarting): keep asking.
        log(`worker ${name}: could not claim a job (${messageOf(error)}); retrying`);
        attempt = null;
      }
      if (attempt) summary[await runJob(store, attempt, jobSettings)]++;
      if (options.once) break;
      if (!attempt) await sleep(pollMs, undefined, { signal: shutdown }).catch(() => undefined);
    }
  } finally {
    await backend.close();
    await store.close();
  }
  log(`worker ${name}: stopped (${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.interrupted} interrupted)`);
  return summary;
}

interface JobSettings {
  storeUrl: string;
  name: string;
  log(line: string): void;
  shutdown: AbortSignal;
  handlers: readonly JobHandler[];
  leaseMs: number;
  heartbeatMs: number;
  watchMs: number;
  datasetsRoot: string;
  backend: JobBackend;
  /** The queue setting, for the job processes (they open their own backend to start jobs). */
  queue: string;
  separateProcesses: boolean;
}

async function runJob(workerStore: Store, attempt: JobAttempt, settings: JobSettings): Promise<Outcome> {
  const { name, shutdown } = settings;
  const { job } = attempt;
  // Everything the handler writes carries this attempt's token: refused once another attempt holds the job.
  const store = workerStore.fenced(attempt.fence);
  const log = (line: string) => settings.log(`job ${job.id} (${job.kind}): ${line}`);
  const lease = new JobLease(attempt, workerStore, name, settings);
  lease.start();
  log(`claimed by ${name}, attempt ${job.attempts} of ${job.maxAttempts}`);
  let result: unknown;
  let failure: unknown;
  let followUps: ReturnType<typeof takeFollowUps>['followUps'] = [];
  try {
    const handler = jobHandlerFor(job.kind, settings.handlers);
    if (!handler) throw new NoJobHandlerError(job.kind, settings.handlers.map((h) => h.kind));
    const own = takeFollowUps(job);
    followUps = own.followUps;
    const context = {
      job: own.job,
      store,
      storeUrl: settings.storeUrl,
      datasetsRoot: settings.datasetsRoot,
      fence: attempt.fence,
      jobs: settings.backend,
      signal: AbortSignal.any([shutdown, lease.signal]),
      log,
      reportProgress: (progress: JobProgress) => lease.report(progress),
      setRun: async (runId: string) => {
        await store.jobs.setRun(job.id, runId);
      },
    };
    result = settings.separateProcesses && handler.separateProcess ? await runInChildProcess(handler.kind, context, settings.queue) : await handler.run(context);
  } catch (error) {
    failure = error ?? new Error('the handler threw without an error');
  } finally {
    await lease.stop();
  }

  try {
    if (lease.lost || failure instanceof StaleAttemptError) {
      const status = lease.lost?.jobStatus ?? (failure as StaleAttemptError).jobStatus;
      await attempt.abandon();
      log(`stopped: it is ${status}${status === 'running' ? ' under another attempt' : ''}`);
      return 'interrupted';
    }
    if (failure instanceof JobInterruptedError && shutdown.aborted) {
      // The run is paused, not cancelled: it waits in the queue for the next worker.
      const { runId } = await workerStore.jobs.get(job.id);
      if (runId) await store.runs.updateStatus(runId, 'queued');
      await attempt.release();
      log(`released for another worker (this one is stopping): ${failure.message}`);
      return 'interrupted';
    }
    if (failure !== undefined) {
      const message = messageOf(failure);
      const failed = await attempt.fail(message, { retry: !isPermanentJobError(failure) });
      log(failed.status === 'queued' ? `failed, will be retried: ${message}` : `failed: ${message}`);
      if (!isPermanentJobError(failure) && failure instanceof Error && failure.stack) settings.log(failure.stack);
      return 'failed';
    }
    let stored = JSON.parse(JSON.stringify(result ?? null)) as unknown;
    if (followUps.length > 0) {
      // Only an attempt that still holds the job may queue what follows it.
      await attempt.renew({});
      const followUpJobs = await enqueueFollowUps(workerStore, (input) => settings.backend.enqueue(input), followUps, (await workerStore.jobs.get(job.id)).runId);
      log(`enqueued follow-up job${followUpJobs.length === 1 ? '' : 's'} ${followUpJobs.join(', ')}`);
      stored = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? { ...stored, followUpJobs } : { value: stored, followUpJobs };
    }
    await attempt.complete(stored);
    log('succeeded');
    return 'succeeded';
  } catch (error) {
    // Cancelled or taken over between the handler's end and this update: the job is no longer ours.
    if (error instanceof JobLeaseLostError || error instanceof StaleAttemptError) {
      await attempt.abandon();
      log(error.message);
      return 'interrupted';
    }
    throw error;
  }
}
