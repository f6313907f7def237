import * as tf from '@tensorflow/tfjs-core';
import { runOn, type TestBackend } from '../testing/backends';
import { assertClose, assertShape } from '../testing/compare';
import { centralDifferences } from '../testing/finite-differences';

/** Test support for the gradient specs in this folder; not used by the engine itself. */

export interface GradientParam {
  name: string;
  shape: number[];
  values: number[];
}

export interface GradientCheckOptions {
  /** Finite-difference step (the losses checked here are linear or smooth, so the default is ample). */
  h?: number;
  /** Relative tolerance of each gradient, as a fraction of its largest expected element. */
  rtol?: number;
  backends?: TestBackend[];
  /** Also check the loss value against the reference (default true). */
  checkValue?: boolean;
}

/**
 * On each backend: the tfjs loss value against the float64 reference loss, and every parameter's
 * tfjs gradient (shape and values) against central differences of the reference loss, which depend
 * on tfjs not at all.
 */
export async function checkGradientsAgainstReference(
  params: GradientParam[],
  referenceLoss: (values: ArrayLike<number>[]) => number,
  tfLoss: (...tensors: tf.Tensor[]) => tf.Scalar,
  { h = 1e-3, rtol = 1e-4, backends = ['wasm', 'cpu'], checkValue = true }: GradientCheckOptions = {},
): Promise<void> {
  const values = params.map((p) => p.values);
  const expectedLoss = referenceLoss(values);
  const fd = params.map((p, i) => centralDifferences((theta) => referenceLoss(values.map((v, j) => (j === i ? theta : v))), p.values, h));
  for (const backend of backends) {
    const [loss, ...grads] = await runOn(backend, () => {
      const { value, grads } = tf.valueAndGrads(tfLoss)(params.map((p) => tf.tensor(p.values, p.shape)));
      return [value, ...grads];
    });
    if (checkValue) assertClose(loss!.values, [expectedLoss], { label: `${backend}: loss vs float64 reference`, rtol: 1e-4, atol: 1e-5, allowZero: true });
    params.forEach((p, i) => {
      assertShape(grads[i]!.shape, p.shape, `${backend}: shape of ∂L/∂${p.name}`);
      assertClose(grads[i]!.values, fd[i]!, { label: `${backend}: ∂L/∂${p.name} vs central differences`, rtol });
    });
  }
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Calls `visit` with every multi-index of `shape` in row-major order, and its flat position. */
export function forEachIndex(shape: readonly number[], visit: (index: number[], flat: number) => void): void {
  const total = sizeOf(shape);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    visit(index, flat);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
}
