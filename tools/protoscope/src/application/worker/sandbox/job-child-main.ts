/**
 * The child process that runs one heavy job for a worker (run-in-child-process.ts). It opens its own
 * store connection, fenced by the attempt, runs the kind's handler, and reports logs, progress and the
 * outcome over IPC. When the worker goes away (its channel closes) the job is aborted: a training
 * checkpoints if it can, and the process exits soon after in any case.
 */
import { openJobBackend, openStore, type EnqueueJobInput, type Job, type JobBackend } from '@protoscope/tracking';
import { JobInterruptedError } from '../job-handler';
import { jobHandlerFor } from '../job-handlers';
import { isPermanentJobError } from '../permanent-errors';
import type { FromChild, ToChild } from './child-messages';

const controller = new AbortController();
const send = (message: FromChild) => {
  if (process.connected) process.send?.(message);
};

async function run(start: Extract<ToChild, { type: 'start' }>): Promise<void> {
  const job = { ...start.job, ...reviveDates(start.job) };
  const handler = jobHandlerFor(start.kind);
  if (!handler) throw new Error(`no handler for job kind '${start.kind}' in the job process`);
  const store = await openStore(start.storeUrl, { fence: start.fence });
  // Opened on first use: most handlers start no jobs.
  let backend: Promise<JobBackend> | undefined;
  const jobs = () => (backend ??= openJobBackend(store, { queue: start.queue }));
  try {
    const value = await handler.run({
      job,
      store,
      storeUrl: start.storeUrl,
      datasetsRoot: start.datasetsRoot,
      fence: start.fence,
      jobs: {
        enqueue: async (input: EnqueueJobInput) => (await jobs()).enqueue(input),
        cancel: async (jobId: number) => (await jobs()).cancel(jobId),
      },
      signal: controller.signal,
      log: (line) => send({ type: 'log', line }),
      reportProgress: async (progress) => send({ type: 'progress', progress }),
      setRun: async (runId) => {
        await store.jobs.setRun(job.id, runId);
      },
    });
    send({ type: 'result', value: JSON.parse(JSON.stringify(value ?? null)) as unknown });
  } finally {
    if (backend) await (await backend).close();
    await store.close();
  }
}

/** Dates crossed the IPC channel as strings. */
function reviveDates(job: Job) {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return {
    leaseExpiresAt: date(job.leaseExpiresAt),
    availableAt: new Date(job.availableAt as unknown as string),
    createdAt: new Date(job.createdAt as unknown as string),
    updatedAt: new Date(job.updatedAt as unknown as string),
    startedAt: date(job.startedAt),
    finishedAt: date(job.finishedAt),
  };
}

process.on('message', (message: ToChild) => {
  if (message.type === 'abort') {
    controller.abort(new JobInterruptedError(message.reason));
    return;
  }
  if (message.type !== 'start') return;
  run(message)
    .catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      send({ type: 'error', name: err.name, message: err.message, stack: err.stack, permanent: isPermanentJobError(err), interrupted: err instanceof JobInterruptedError });
    })
    .finally(() => {
      // Let the last message reach the worker, then leave (tfjs and store handles must not keep us alive).
      process.disconnect?.();
      setTimeout(() => process.exit(0), 100).unref();
    });
});

process.on('disconnect', () => {
  if (!controller.signal.aborted) controller.abort(new JobInterruptedError('the worker went away'));
  setTimeout(() => process.exit(1), 10_000).unref();
});
