import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../backend-candidates';
import { initEngine } from '../engine';
import type { FromReplica, ToReplica } from './replica-messages';
import { fromTransfer, toTransfer, transferList } from './tensor-transfer';
import { loadTrainable, type Trainable } from './trainable';

/** A data-parallel replica: its own tfjs engine and model copy in a worker thread. */
let trainable: Trainable | undefined;

function reply(message: FromReplica, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

async function handle(message: ToReplica): Promise<void> {
  switch (message.kind) {
    case 'init':
      await initEngine({ backend: message.backend as BackendName, log: () => undefined });
      trainable = loadTrainable(message.factory);
      return reply({ kind: 'ready' });
    case 'gradients': {
      const batch = Object.fromEntries(Object.entries(message.batch).map(([name, t]) => [name, fromTransfer(t)]));
      const { loss, grads } = trainable!.gradients(batch);
      const transferred = grads.map(toTransfer);
      tf.dispose([...grads, ...Object.values(batch)]);
      return reply({ kind: 'gradients', loss, grads: transferred }, transferList(transferred));
    }
    case 'apply': {
      const grads = message.grads.map(fromTransfer);
      trainable!.applyGradients(grads);
      tf.dispose(grads);
      return reply({ kind: 'applied' });
    }
    case 'weights': {
      const weights = trainable!.weights().map(toTransfer);
      return reply({ kind: 'weights', weights }, transferList(weights));
    }
    case 'dispose':
      trainable?.dispose();
      trainable = undefined;
      return;
  }
}

parentPort!.on('message', (message: ToReplica) => {
  handle(message).catch((error: unknown) => reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
});
