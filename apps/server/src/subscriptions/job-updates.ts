/**
 * `jobUpdated(id)` and `jobs(status)`: job changes read by polling the store. A job's `updatedAt`
 * moves on every change a worker or user makes (claim, heartbeat with progress, completion,
 * cancellation), so "changed" means a newer `updatedAt` or another status. `updatedAt` comes from the
 * clock of the process that wrote it: keep the clocks of worker machines in sync (NTP).
 */
import { JOB_STATUSES, type Job, type JobStatus, type Store } from '@protoscope/tracking';
import type { PollerHub, PollSource } from './poller-hub';

const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

function jobSource(store: Store, jobId: number): PollSource<Job> {
  let last: Job | undefined;
  return {
    async start() {
      last = await store.jobs.get(jobId);
    },
    async poll() {
      const job = await store.jobs.get(jobId);
      const changed = !last || job.updatedAt.getTime() !== last.updatedAt.getTime() || job.status !== last.status;
      last = job;
      const finished = TERMINAL_JOB_STATUSES.includes(job.status);
      return { events: changed ? [job] : [], finished };
    },
  };
}

/** The job now, then every change until it succeeds, fails or is cancelled (NOT_FOUND for an unknown job). */
export async function subscribeJob(hub: PollerHub, store: Store, jobId: number): Promise<AsyncIterableIterator<Job>> {
  const job = await store.jobs.get(jobId);
  if (TERMINAL_JOB_STATUSES.includes(job.status)) {
    return (async function* finishedJob() {
      yield job;
    })();
  }
  return hub.subscribe(`job:${jobId}`, () => jobSource(store, jobId), { initial: async () => [await store.jobs.get(jobId)] });
}

function jobListSource(store: Store): PollSource<Job> {
  // Jobs at the newest `updatedAt` seen, with the version seen, so equal timestamps are not re-sent.
  let cursor = 0;
  let atCursor = new Set<string>();
  const version = (job: Job) => `${job.id}:${job.updatedAt.getTime()}:${job.status}`;
  return {
    async start() {
      const last = await store.jobs.lastUpdate();
      cursor = last?.getTime() ?? 0;
      // Jobs changed after the two reads are not at the cursor: the first poll reports them.
      const current = last ? await store.jobs.updatedSince(last) : [];
      atCursor = new Set(current.filter((j) => j.updatedAt.getTime() === cursor).map(version));
    },
    async poll() {
      // Inclusive of the cursor, by updatedAt then id (see jobsUpdatedSince); every status, since
      // subscribers filter by status themselves.
      const jobs = await store.jobs.updatedSince(cursor);
      const fresh = jobs.filter((j) => j.updatedAt.getTime() > cursor || !atCursor.has(version(j)));
      const newest = Math.max(cursor, ...jobs.map((j) => j.updatedAt.getTime()));
      if (newest > cursor) atCursor = new Set();
      cursor = newest;
      for (const j of jobs) if (j.updatedAt.getTime() === cursor) atCursor.add(version(j));
      return { events: fresh };
    },
  };
}

/** Every job that is created or changes from now on, optionally only those in `statuses`. */
export async function subscribeJobs(hub: PollerHub, store: Store, statuses?: readonly JobStatus[] | null): Promise<AsyncIterableIterator<Job>> {
  const wanted = statuses && statuses.length > 0 ? new Set(statuses) : new Set(JOB_STATUSES);
  return hub.subscribe('jobs', () => jobListSource(store), { accept: (job) => wanted.has(job.status) });
}
