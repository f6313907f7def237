import { _FusedMatMul, BatchMatMul, type KernelConfig, type NamedAttrMap, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { disposeAll, runWasmKernel, transpose, type WasmBackend } from './wasm-backend';

function transposeLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return transpose(backend, x, perm);
}

/** The element-wise activations `_FusedMatMul` may carry, as the backend's own kernels. */
function activate(backend: WasmBackend, x: TensorInfo, attrs: NamedAttrMap, alpha: TensorInfo | undefined): TensorInfo {
  switch (attrs['activation']) {
    case undefined:
    case 'linear':
      return x;
    case 'relu':
      return runWasmKernel('Relu', backend, { x });
    case 'relu6':
      return runWasmKernel('Relu6', backend, { x });
    case 'sigmoid':
      return runWasmKernel('Sigmoid', backend, { x });
    case 'elu':
      return runWasmKernel('Elu', backend, { x });
    case 'leakyrelu':
      return runWasmKernel('LeakyRelu', backend, { x }, { alpha: attrs['leakyreluAlpha'] ?? 0.2 });
    case 'prelu':
      return runWasmKernel('Prelu', backend, { x, alpha: alpha! });
    default:
      throw new Error(`unsupported fused activation '${String(attrs['activation'])}'`);
  }
}

/**
 * The backend's fused kernel adds the bias correctly only to the first row of each matrix when the
 * operands are batched (rows 1… receive the last bias value); batched fused products are therefore
 * computed as product, then bias, then activation.
 */
function batchedFusedMatMul(backend: WasmBackend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  const product = runWasmKernel(BatchMatMul, backend, { a: inputs['a']!, b: inputs['b']! }, { transposeA: false, transposeB: false });
  const biased = inputs['bias'] ? runWasmKernel('Add', backend, { a: product, b: inputs['bias'] }) : product;
  const out = activate(backend, biased, attrs, inputs['preluActivationWeights']);
  if (biased !== product) disposeAll(backend, product);
  if (out !== biased) disposeAll(backend, biased);
  return out;
}

const isBatched = (x: TensorInfo) => util.sizeFromShape(x.shape.slice(0, -2)) > 1;

/**
 * Matrix products with a transposed operand (every dense-layer gradient has one). The backend's
 * GEMM is about 13× slower with a transpose flag than without, while an explicit transpose costs a
 * few milliseconds: transpose first, then multiply untransposed. Applies to BatchMatMul and the fused
 * variant alike.
 */
function withExplicitTranspose(kernelName: string) {
  return (args: { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo => {
    const { backend, inputs, attrs } = args;
    const a = attrs['transposeA'] ? transposeLastTwo(backend, inputs['a']!) : inputs['a']!;
    const b = attrs['transposeB'] ? transposeLastTwo(backend, inputs['b']!) : inputs['b']!;
    const plain = { ...attrs, transposeA: false, transposeB: false };
    const out =
      kernelName === _FusedMatMul && (isBatched(a) || isBatched(b))
        ? batchedFusedMatMul(backend, { ...inputs, a, b }, plain)
        : runWasmKernel(kernelName, backend, { ...inputs, a, b }, plain);
    if (a !== inputs['a']) disposeAll(backend, a);
    if (b !== inputs['b']) disposeAll(backend, b);
    return out;
  };
}

export function matMulExplicitTransposeConfigs(originals: { batchMatMul: KernelConfig; fusedMatMul: KernelConfig }): KernelConfig[] {
  return [
    { kernelName: BatchMatMul, backendName: 'wasm', setupFunc: originals.batchMatMul.setupFunc, kernelFunc: withExplicitTranspose(BatchMatMul) as unknown as KernelConfig['kernelFunc'] },
    { kernelName: _FusedMatMul, backendName: 'wasm', setupFunc: originals.fusedMatMul.setupFunc, kernelFunc: withExplicitTranspose(_FusedMatMul) as unknown as KernelConfig['kernelFunc'] },
  ];
}
