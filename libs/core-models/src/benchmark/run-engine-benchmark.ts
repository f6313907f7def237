import * as tf from '@tensorflow/tfjs-core';
import { measureThroughput, type MeasureOptions } from '@protoscope/engine';
import { REFERENCE_WORKLOAD, ReferenceWorkload, referenceBatch } from './reference-workload';

export interface EngineBenchmarkResult {
  trainImgPerSec: number;
  inferImgPerSec: number;
  gradcamMsPerImg: number;
  trainSteps: number;
  finalLoss: number;
}

/** Training, inference and Grad-CAM speed of the reference workload on the current backend. */
export function runEngineBenchmark(options: MeasureOptions, seed = 0): EngineBenchmarkResult {
  const model = new ReferenceWorkload(seed);
  const batch = referenceBatch(seed + 1);
  const images = REFERENCE_WORKLOAD.batch;
  try {
    let finalLoss = NaN;
    const train = measureThroughput(() => {
      finalLoss = model.trainStep(batch);
    }, options);
    const infer = measureThroughput(() => {
      const logits = model.logits(batch.images);
      logits.dataSync();
      logits.dispose();
    }, options);
    const gradcam = measureThroughput(() => {
      const maps = model.gradCam(batch.images);
      maps.dataSync();
      maps.dispose();
    }, { ...options, minCalls: Math.max(1, Math.ceil(options.minCalls / 2)) });
    return {
      trainImgPerSec: images / train.secondsPerCall,
      inferImgPerSec: images / infer.secondsPerCall,
      gradcamMsPerImg: (gradcam.secondsPerCall * 1000) / images,
      trainSteps: train.calls,
      finalLoss,
    };
  } finally {
    model.dispose();
    tf.dispose([batch.images, batch.labels]);
  }
}
