import * as tf from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './avg-pool-gradient';
import { batchMatMulGradConfig } from './batch-mat-mul-gradient';
import { conv2DGradConfig } from './conv2d-gradient';
import { cumsumGradConfig } from './cumsum-gradient';
import { depthwiseConv2dGradConfig } from './depthwise-conv2d-gradient';
import { mirrorPadGradConfig } from './mirror-pad-gradient';
import { reluGradConfig } from './relu-gradient';
import { resizeBilinearGradConfig } from './resize-bilinear-gradient';
import { stridedSliceGradConfig } from './strided-slice-gradient';

/** Gradients Protoscope supplies on every backend (replacing tfjs's where they refuse dilations, are wrong, are missing or copy needlessly). */
export const ENGINE_GRADIENTS: tf.GradConfig[] = [
  conv2DGradConfig,
  depthwiseConv2dGradConfig,
  stridedSliceGradConfig,
  cumsumGradConfig,
  batchMatMulGradConfig,
  mirrorPadGradConfig,
  avgPoolGradConfig,
  resizeBilinearGradConfig,
  reluGradConfig,
];

/** Registers them; idempotent. Must run after tfjs registered its own gradients (importing `@tensorflow/tfjs`). */
export function registerEngineGradients(): void {
  for (const config of ENGINE_GRADIENTS) {
    if (tf.getGradient(config.kernelName) === config) continue;
    // tfjs has no StridedSlice gradient to unregister (unregisterGradient throws on a missing one).
    if (tf.getGradient(config.kernelName) != null) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}
