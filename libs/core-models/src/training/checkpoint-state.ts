import type { AdamState } from './adam';

/** A tensor's values as plain data. */
export interface StoredTensor {
  shape: number[];
  values: Float32Array;
}

/**
 * Everything needed to continue a run exactly where it stopped: weights by name, each phase's
 * optimiser state per group, the position in the schedule, and the partial sums of the epoch in
 * progress (so the resumed run logs the same metric history).
 */
export interface CheckpointState {
  epoch: number;
  /** Batches of `epoch` already trained. */
  batch: number;
  globalStep: number;
  variables: Record<string, StoredTensor>;
  optimisers: Record<string, AdamState>;
  epochSums: Record<string, number>;
  epochBatches: number;
  best: { metric: string; value: number; epoch: number } | null;
}
