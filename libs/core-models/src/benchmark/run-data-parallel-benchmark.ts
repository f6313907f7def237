import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallelTrainer, measureThroughputAsync, type MeasureOptions } from '@protoscope/engine';
import { REFERENCE_WORKLOAD, referenceBatch } from './reference-workload';

export interface DataParallelBenchmarkResult {
  replicas: number;
  trainImgPerSec: number;
  trainSteps: number;
  finalLoss: number;
}

/** Training speed of the reference workload with the batch split across `replicas` threads. */
export async function runDataParallelBenchmark(options: MeasureOptions, replicas: number, seed = 0): Promise<DataParallelBenchmarkResult> {
  const trainer = await DataParallelTrainer.create({
    replicas,
    factory: { modulePath: path.join(__dirname, 'reference-workload.ts'), exportName: 'createReferenceTrainable', options: { seed } },
  });
  const batch = referenceBatch(seed + 1);
  try {
    let finalLoss = NaN;
    const train = await measureThroughputAsync(async () => {
      finalLoss = await trainer.step({ images: batch.images, labels: batch.labels });
    }, options);
    return { replicas, trainImgPerSec: REFERENCE_WORKLOAD.batch / train.secondsPerCall, trainSteps: train.calls, finalLoss };
  } finally {
    await trainer.dispose();
    tf.dispose([batch.images, batch.labels]);
  }
}
