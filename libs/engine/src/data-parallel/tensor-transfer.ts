import * as tf from '@tensorflow/tfjs-core';

/** A tensor as plain data that can cross a thread boundary (its buffer is transferred, not copied). */
export interface TransferredTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

export function toTransfer(tensor: tf.Tensor): TransferredTensor {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new Error(`cannot transfer a ${tensor.dtype} tensor`);
  // Always a private copy: a backend may hand out its own storage (or a view sharing a larger
  // buffer), and transferring that buffer would detach it.
  return { shape: tensor.shape, dtype: tensor.dtype, values: (tensor.dataSync() as Float32Array | Int32Array).slice() };
}

export function fromTransfer(t: TransferredTensor): tf.Tensor {
  return tf.tensor(t.values, t.shape, t.dtype);
}

export function transferList(tensors: TransferredTensor[]): ArrayBuffer[] {
  return tensors.map((t) => t.values.buffer as ArrayBuffer);
}
