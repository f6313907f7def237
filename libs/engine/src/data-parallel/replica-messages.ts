import type { TransferredTensor } from './tensor-transfer';
import type { TrainableFactoryRef } from './trainable';

/** Main thread → replica. */
export type ToReplica =
  | { kind: 'init'; factory: TrainableFactoryRef; backend: string }
  | { kind: 'gradients'; batch: Record<string, TransferredTensor> }
  | { kind: 'apply'; grads: TransferredTensor[] }
  | { kind: 'weights' }
  | { kind: 'dispose' };

/** Replica → main thread. */
export type FromReplica =
  | { kind: 'ready' }
  | { kind: 'gradients'; loss: number; grads: TransferredTensor[] }
  | { kind: 'applied' }
  | { kind: 'weights'; weights: TransferredTensor[] }
  | { kind: 'error'; message: string };
