import { parentPort, workerData } from 'node:worker_threads';
import { withUserErrors } from '../../library-errors';
import { UserFacingError } from '../../user-facing-error';
import type { FromTrainThread, ToTrainThread, TrainThreadOptions } from './train-thread-messages';
import { trainRun } from './train-run';

// The training thread: one trainRun with its own engine, its progress posted to the thread that started it.
const port = parentPort;
if (!port) throw new Error('train-thread-worker runs inside a worker thread only');
const post = (message: FromTrainThread) => port.postMessage(message);
const controller = new AbortController();
port.on('message', (message: ToTrainThread) => {
  if (message.kind === 'abort') controller.abort();
});

withUserErrors(() =>
  trainRun({
    ...(workerData as TrainThreadOptions),
    signal: controller.signal,
    onRunCreated: (runId) => post({ kind: 'run-created', runId }),
    onProgress: (update) => post({ kind: 'progress', update }),
  }),
)
  .then(
    (result) => post({ kind: 'finished', result }),
    (error: unknown) =>
      post({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
        userFacing: error instanceof UserFacingError,
      }),
  )
  // Nothing else keeps the thread alive: it exits once its output is flushed.
  .finally(() => port.close());
