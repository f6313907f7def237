import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkImage } from './check-image';
import type { ImageCheckJob, ImageCheckResult } from './image-check';

export interface CheckImagesOptions {
  /** Decode threads; default min(cores, 4). 1 decodes in this thread. Below 16 images, this thread always. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Decodes every image (to the last pixel) in parallel on worker threads and returns one result per
 * job, in order. Used by imports so that a manifest never names an image that does not decode.
 */
export async function checkImages(jobs: readonly ImageCheckJob[], options: CheckImagesOptions = {}): Promise<ImageCheckResult[]> {
  const progress = options.onProgress ?? (() => undefined);
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(os.availableParallelism(), 4), jobs.length));
  const results: ImageCheckResult[] = new Array(jobs.length);
  if (threads === 1 || (jobs.length < 16 && options.threads === undefined)) {
    jobs.forEach((job, i) => {
      results[i] = checkImage(job);
      progress(i + 1, jobs.length);
    });
    return results;
  }
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(path.join(__dirname, 'image-check-worker-bootstrap.js')));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const index = next++;
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on('message', (message: { index: number; result: ImageCheckResult }) => {
              results[message.index] = message.result;
              progress(++done, jobs.length);
              send();
            });
            worker.on('error', (error) => reject(new Error(`image decode thread failed: ${error.message}`)));
            worker.on('exit', (code) => {
              if (next < jobs.length || done < jobs.length) reject(new Error(`image decode thread exited (code ${code}) before finishing`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
