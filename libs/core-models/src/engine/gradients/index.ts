import * as tf from '@tensorflow/tfjs-core';
import { conv2DGradConfig } from './conv2d-gradient';
import { depthwiseConv2dGradConfig } from './depthwise-conv2d-gradient';

/** Gradients Protoscope supplies on every backend (replacing tfjs's where they refuse dilations). */
export const ENGINE_GRADIENTS: tf.GradConfig[] = [conv2DGradConfig, depthwiseConv2dGradConfig];

/** Registers them; idempotent. Must run after tfjs registered its own gradients (importing `@tensorflow/tfjs`). */
export function registerEngineGradients(): void {
  for (const config of ENGINE_GRADIENTS) {
    if (tf.getGradient(config.kernelName) === config) continue;
    tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}
