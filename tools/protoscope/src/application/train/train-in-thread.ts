import path from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { UserFacingError } from '../../user-facing-error';
import type { FromTrainThread, ToTrainThread, TrainThreadOptions } from './train-thread-messages';
import type { ResumeRunOptions, TrainRunOptions, TrainRunResult } from './train-run';

/**
 * `trainRun` in a worker thread of its own, so that the kernels of a training step never block this
 * thread's event loop (a server, a progress display, signal handling in the same process stay live).
 * The thread starts its own engine; its output goes to this process's stdout and stderr. The
 * environment is shared (SHARE_ENV): what the engine sets before its native library loads (OpenMP's
 * wait policy) must reach the library. `signal` stops the run after the current batch, as in-process;
 * `onRunCreated` and `onProgress` are called here as the thread reports, without holding it up.
 */
export function trainRunInThread(options: TrainRunOptions | ResumeRunOptions): Promise<TrainRunResult> {
  const { signal, onRunCreated, onProgress, ...rest } = options;
  const threadOptions: TrainThreadOptions = rest;
  const worker = new Worker(path.join(__dirname, 'train-thread-bootstrap.js'), { workerData: threadOptions, env: SHARE_ENV });
  const abort = () => worker.postMessage({ kind: 'abort' } satisfies ToTrainThread);
  if (signal?.aborted) abort();
  else signal?.addEventListener('abort', abort, { once: true });

  return new Promise<TrainRunResult>((resolve, reject) => {
    let outcome: { result: TrainRunResult } | { error: Error } | undefined;
    const callHook = (hook: () => void | Promise<void>) => {
      // A failing hook is reported, never allowed to take the run down with an unhandled rejection.
      Promise.resolve()
        .then(hook)
        .catch((error: unknown) => process.stderr.write(`training progress hook failed: ${error instanceof Error ? error.message : String(error)}\n`));
    };
    worker.on('message', (message: FromTrainThread) => {
      switch (message.kind) {
        case 'run-created':
          if (onRunCreated) callHook(() => onRunCreated(message.runId));
          return;
        case 'progress':
          if (onProgress) callHook(() => onProgress(message.update));
          return;
        case 'finished':
          outcome = { result: message.result };
          return;
        case 'failed': {
          const error = message.userFacing ? new UserFacingError(message.message) : new Error(message.message);
          if (!message.userFacing && message.stack) error.stack = message.stack;
          outcome = { error };
          return;
        }
      }
    });
    worker.on('error', (error) => {
      outcome ??= { error: new Error(`training thread crashed: ${error.message}`) };
    });
    // Settle on exit, once the thread's last output has been flushed to this process.
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      if (outcome && 'result' in outcome) resolve(outcome.result);
      else reject(outcome?.error ?? new Error(`training thread exited (code ${code}) before reporting a result`));
    });
  });
}
