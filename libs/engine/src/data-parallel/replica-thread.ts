import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromReplica, ToReplica } from './replica-messages';

/** One worker-thread replica, spoken to one request at a time. */
export class ReplicaThread {
  private readonly worker: Worker;
  private pending: { resolve: (m: FromReplica) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(path.join(__dirname, 'replica-worker-bootstrap.js'));
    this.worker.on('message', (message: FromReplica) => {
      const pending = this.pending;
      this.pending = undefined;
      if (!pending) return;
      if (message.kind === 'error') pending.reject(new Error(`data-parallel replica failed: ${message.message}`));
      else pending.resolve(message);
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.pending?.reject(error);
      this.pending = undefined;
    };
    this.worker.on('error', (error) => fail(new Error(`data-parallel replica crashed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`data-parallel replica exited (code ${code})`)));
  }

  request(message: ToReplica, transfer: ArrayBuffer[] = []): Promise<FromReplica> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('replica is busy: one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message, transfer);
    });
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners('exit');
    this.worker.postMessage({ kind: 'dispose' } satisfies ToReplica);
    await this.worker.terminate();
  }
}
