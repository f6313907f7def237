import * as tf from '@tensorflow/tfjs-core';
import { _FusedMatMul, BatchMatMul, Sum } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { matMulExplicitTransposeConfigs } from './mat-mul-explicit-transpose';
import { maxPoolGradConfig } from './max-pool-grad';
import { sumLeadingAxesConfig } from './sum-leading-axes';
import { rememberOriginal } from './wasm-backend';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

/** Kernels the wasm backend lacks: training needs them for convolution, depthwise and gather gradients. */
export const SUPPLIED_WASM_KERNELS = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  unsortedSegmentSumConfig,
] as const;

let registered = false;

function replace(config: tf.KernelConfig): void {
  rememberOriginal(config.kernelName);
  if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/**
 * Supplies the wasm backend's missing gradient kernels and replaces the ones too slow to train with
 * (see docs/engine.md for the audit and the measurements behind each). Idempotent; must run after
 * `@tensorflow/tfjs-backend-wasm` has registered its own kernels.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const originalBatchMatMul = rememberOriginal(BatchMatMul);
  const originalFusedMatMul = rememberOriginal(_FusedMatMul);
  const originalSum = rememberOriginal(Sum);
  if (!originalBatchMatMul || !originalFusedMatMul || !originalSum) {
    throw new Error('the wasm backend must be loaded before its kernels are supplemented');
  }
  for (const config of SUPPLIED_WASM_KERNELS) replace(config);
  replace(conv2DBackpropInputConfig);
  replace(maxPoolGradConfig);
  replace(sumLeadingAxesConfig(originalSum));
  for (const config of matMulExplicitTransposeConfigs({ batchMatMul: originalBatchMatMul, fusedMatMul: originalFusedMatMul })) replace(config);
}
