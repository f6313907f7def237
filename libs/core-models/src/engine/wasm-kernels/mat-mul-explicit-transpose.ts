import { _FusedMatMul, BatchMatMul, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { disposeAll, runWasmKernel, transpose, type WasmBackend } from './wasm-backend';

function transposeLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return transpose(backend, x, perm);
}

/**
 * Matrix products with a transposed operand (every dense-layer gradient has one). The backend's
 * GEMM is about 13× slower with a transpose flag than without, while an explicit transpose costs a
 * few milliseconds: transpose first, then multiply untransposed. Applies to BatchMatMul and the fused
 * variant alike.
 */
function withExplicitTranspose(kernelName: string) {
  return (args: { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo => {
    const { backend, inputs, attrs } = args;
    if (!attrs['transposeA'] && !attrs['transposeB']) return runWasmKernel(kernelName, backend, inputs, attrs);
    const a = attrs['transposeA'] ? transposeLastTwo(backend, inputs['a']!) : inputs['a']!;
    const b = attrs['transposeB'] ? transposeLastTwo(backend, inputs['b']!) : inputs['b']!;
    const out = runWasmKernel(kernelName, backend, { ...inputs, a, b }, { ...attrs, transposeA: false, transposeB: false });
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
