import * as tf from '@tensorflow/tfjs-core';
import { currentEngine } from '../engine';
import { ReplicaThread } from './replica-thread';
import { toTransfer, transferList, type TransferredTensor } from './tensor-transfer';
import { loadTrainable, type Trainable, type TrainableFactoryRef, type TrainBatch } from './trainable';

export interface DataParallelOptions {
  /** Replicas in all, the calling thread included (2 on a 2-core machine). */
  replicas: number;
  factory: TrainableFactoryRef;
}

/** Splits n rows into `parts` contiguous shards as equal as possible: [start, size] pairs. */
export function shardRanges(n: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(n / parts) + (i < n % parts ? 1 : 0);
    ranges.push([start, size]);
    start += size;
  }
  return ranges;
}

function shard(batch: TrainBatch, [start, size]: [number, number]): TrainBatch {
  return Object.fromEntries(
    Object.entries(batch).map(([name, t]) => [name, tf.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)])]),
  );
}

/**
 * Synchronous data-parallel training on one machine: every step splits the batch across replicas
 * (this thread plus worker threads, each with its own engine and model copy), averages their
 * gradients weighted by shard size — the gradient of the whole batch's mean loss — and applies the
 * same update everywhere, so the result equals single-thread training up to float rounding.
 */
export class DataParallelTrainer {
  private constructor(
    private readonly local: Trainable,
    private readonly threads: ReplicaThread[],
  ) {}

  static async create(options: DataParallelOptions): Promise<DataParallelTrainer> {
    if (!Number.isInteger(options.replicas) || options.replicas < 1) throw new RangeError(`replicas must be ≥ 1, got ${options.replicas}`);
    const engine = currentEngine();
    if (!engine) throw new Error('call initEngine() before creating a data-parallel trainer');
    // libtorch already spreads every kernel over all cores; replicas would only compete for them.
    if (engine.tfBackend === 'torch' && options.replicas > 1) {
      throw new RangeError(`data-parallel replicas are off on the torch backend (libtorch computes on ${engine.threads} threads); use 1 replica`);
    }
    const threads = Array.from({ length: options.replicas - 1 }, () => new ReplicaThread());
    try {
      await Promise.all(threads.map((t) => t.request({ kind: 'init', factory: options.factory, backend: engine.backend })));
      return new DataParallelTrainer(loadTrainable(options.factory), threads);
    } catch (error) {
      await Promise.all(threads.map((t) => t.terminate()));
      throw error;
    }
  }

  get replicas(): number {
    return this.threads.length + 1;
  }

  /** One synchronous step; resolves to the batch's mean loss. */
  async step(batch: TrainBatch): Promise<number> {
    const rows = Object.values(batch)[0]!.shape[0]!;
    const ranges = shardRanges(rows, this.replicas);
    const remote = this.threads.map((thread, i) => {
      const part = shard(batch, ranges[i + 1]!);
      const transferred = Object.fromEntries(Object.entries(part).map(([name, t]) => [name, toTransfer(t)]));
      tf.dispose(Object.values(part));
      return thread.request({ kind: 'gradients', batch: transferred }, transferList(Object.values(transferred)));
    });
    const localPart = shard(batch, ranges[0]!);
    const mine = this.local.gradients(localPart);
    tf.dispose(Object.values(localPart));
    const theirs = await Promise.all(remote);

    const weights = ranges.map(([, size]) => size / rows);
    let loss = mine.loss * weights[0]!;
    const averaged = tf.tidy(() =>
      mine.grads.map((g, v) =>
        theirs.reduce((sum, reply, i) => {
          if (reply.kind !== 'gradients') throw new Error(`unexpected replica reply '${reply.kind}'`);
          const values = reply.grads[v]!;
          return sum.add(tf.tensor(values.values, values.shape, values.dtype).mul(weights[i + 1]!));
        }, g.mul(weights[0]!)),
      ),
    );
    theirs.forEach((reply, i) => {
      if (reply.kind === 'gradients') loss += reply.loss * weights[i + 1]!;
    });
    tf.dispose(mine.grads);

    const applied = this.threads.map((thread) => {
      const copies: TransferredTensor[] = averaged.map(toTransfer);
      return thread.request({ kind: 'apply', grads: copies }, transferList(copies));
    });
    this.local.applyGradients(averaged);
    tf.dispose(averaged);
    await Promise.all(applied);
    return loss;
  }

  /** This thread's model (replica 0). */
  get model(): Trainable {
    return this.local;
  }

  /** Every replica's weights as plain arrays, replica 0 first (they must agree after every step). */
  async replicaWeights(): Promise<Float32Array[][]> {
    const local = this.local.weights().map((w) => w.dataSync() as Float32Array);
    const remote = await Promise.all(this.threads.map((t) => t.request({ kind: 'weights' })));
    return [local, ...remote.map((reply) => (reply.kind === 'weights' ? reply.weights.map((w) => w.values as Float32Array) : []))];
  }

  async dispose(): Promise<void> {
    this.local.dispose();
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
