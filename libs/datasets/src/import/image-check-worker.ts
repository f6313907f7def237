import { parentPort } from 'node:worker_threads';
import { checkImage } from './check-image';
import type { ImageCheckJob } from './image-check';

/** A decode thread: checks the jobs it is sent, one message per job, in order. */
parentPort?.on('message', (message: { index: number; job: ImageCheckJob }) => {
  parentPort?.postMessage({ index: message.index, result: checkImage(message.job) });
});
