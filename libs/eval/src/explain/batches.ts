import * as tf from '@tensorflow/tfjs-core';
import { ExplainInputError } from './errors';

/** Images (or perturbed copies) per forward pass when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 32;

/** The caller's batch size, checked, or the default. */
export function resolveBatchSize(method: string, batchSize: number | undefined): number {
  const size = batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new ExplainInputError(method, `batchSize must be a positive integer, got ${size}`);
  return size;
}

/** [start, size] of consecutive chunks of at most `batchSize` that cover 0..total−1. */
export function batchRanges(total: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < total; start += batchSize) ranges.push([start, Math.min(batchSize, total - start)]);
  return ranges;
}

/**
 * Runs `compute` on consecutive chunks of 0..total−1 and concatenates the results along axis 0; each
 * chunk's tensor is freed once copied, so at most one chunk's intermediates live at a time.
 */
export function mapInBatches<T extends tf.Tensor>(total: number, batchSize: number, compute: (start: number, size: number) => T): T {
  const parts = batchRanges(total, batchSize).map(([start, size]) => compute(start, size));
  if (parts.length === 1) return parts[0]!;
  const joined = tf.concat(parts, 0) as T;
  parts.forEach((part) => part.dispose());
  return joined;
}
