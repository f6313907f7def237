import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_LEASE_MS, defaultStoreUrl, JobLeaseLostError, openStore, type Job, type Store } from '@protoscope/tracking';
import { datasetsRootFor } from './dataset-folders';
import { enqueueFollowUps, takeFollowUps } from './follow-up-jobs';
import { JobInterruptedError, NoJobHandlerError, type JobHandler } from './job-handler';
import { JOB_HANDLERS, jobHandlerFor } from './job-handlers';
import { JobLease } from './job-lease';
import { isPermanentJobError } from './permanent-errors';

export interface RunWorkerOptions {
  /** Default: PROTOSCOPE_STORE, else the SQLite store under PROTOSCOPE_HOME. */
  storeUrl?: string;
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
  /** Default {@link datasetsRootFor} the store. */
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
    datasetsRoot: options.datasetsRoot ?? datasetsRootFor(storeUrl),
  };
  const summary: WorkerSummary = { name, succeeded: 0, failed: 0, interrupted: 0 };
  const store = await openStore(storeUrl);
  log(`worker ${name}: taking ${options.kinds ? options.kinds.join(', ') : 'all'} jobs from ${store.url}`);
  try {
    while (!shutdown.aborted) {
      let job: Job | null;
      try {
        job = await store.claimNextJob(name, { kinds: options.kinds, leaseMs });
      } catch (error) {
        // A store that is briefly unreachable (PostgreSQL restarting): keep asking.
        log(`worker ${name}: could not claim a job (${messageOf(error)}); retrying`);
        job = null;
      }
      if (job) summary[await runJob(store, job, settings)]++;
      if (options.once) break;
      if (!job) await sleep(pollMs, undefined, { signal: shutdown }).catch(() => undefined);
    }
  } finally {
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
  datasetsRoot: string;
}

async function runJob(store: Store, job: Job, settings: JobSettings): Promise<Outcome> {
  const { name, shutdown } = settings;
  const log = (line: string) => settings.log(`job ${job.id} (${job.kind}): ${line}`);
  const lease = new JobLease(store, job, name, settings);
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
    result = await handler.run({
      job: own.job,
      store,
      storeUrl: settings.storeUrl,
      datasetsRoot: settings.datasetsRoot,
      signal: AbortSignal.any([shutdown, lease.signal]),
      log,
      reportProgress: (progress) => lease.report(progress),
      setRun: async (runId) => {
        await store.setJobRun(job.id, runId);
      },
    });
  } catch (error) {
    failure = error ?? new Error('the handler threw without an error');
  } finally {
    await lease.stop();
  }

  try {
    if (lease.lost) {
      log(`stopped: it is ${lease.lost.jobStatus}${lease.lost.jobStatus === 'running' ? ' under another worker' : ''}`);
      return 'interrupted';
    }
    if (failure instanceof JobInterruptedError && shutdown.aborted) {
      await store.releaseWorkerJobs(name);
      // The run is paused, not cancelled: it waits in the queue for the next worker.
      const { runId } = await store.getJob(job.id);
      if (runId) await store.updateRunStatus(runId, 'queued');
      log(`released for another worker (this one is stopping): ${failure.message}`);
      return 'interrupted';
    }
    if (failure !== undefined) {
      const message = messageOf(failure);
      const failed = await store.failJob(job.id, name, message, { retry: !isPermanentJobError(failure) });
      log(failed.status === 'queued' ? `failed, will be retried: ${message}` : `failed: ${message}`);
      if (!isPermanentJobError(failure) && failure instanceof Error && failure.stack) settings.log(failure.stack);
      return 'failed';
    }
    let stored = JSON.parse(JSON.stringify(result ?? null)) as unknown;
    if (followUps.length > 0) {
      const followUpJobs = await enqueueFollowUps(store, followUps, (await store.getJob(job.id)).runId);
      log(`enqueued follow-up job${followUpJobs.length === 1 ? '' : 's'} ${followUpJobs.join(', ')}`);
      stored = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? { ...stored, followUpJobs } : { value: stored, followUpJobs };
    }
    await store.completeJob(job.id, name, stored);
    log('succeeded');
    return 'succeeded';
  } catch (error) {
    // Cancelled or taken over between the handler's end and this update: the job is no longer ours.
    if (error instanceof JobLeaseLostError) {
      log(error.message);
      return 'interrupted';
    }
    throw error;
  }
}
