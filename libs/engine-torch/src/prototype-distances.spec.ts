import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { PROTOTYPE_DISTANCES, PROTOTYPE_DISTANCES_GRAD } from './kernels';
import { assertClose, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * The native prototype-distance kernels called directly: the gradient kernel with an output that has
 * clamped (zero) entries, against the gradient written out in float64 in its difference form,
 * dz[n] = Σₘ 2 G[n][m] (zₙ − pₘ), dp[m] = Σₙ 2 G[n][m] (pₘ − zₙ), with G = dy where the output is > 0
 * (the op's values and gradients through tfjs are checked in libs/engine's prototype-distances.spec.ts).
 */

const N = 5;
const M = 3;
const D = 4;

describeNative('torch prototype distances', () => {
  beforeAll(startTorchAndCpu);

  const z = seededValues(1, N * D);
  const p = seededValues(2, M * D);
  const dy = seededValues(3, N * M);
  // An output with the clamp active at (0, 1), (2, 0), (4, 2): the gradient must be 0 through them.
  const clamped = new Set([1, 6, 14]);
  const y = Array.from({ length: N * M }, (_, i) => (clamped.has(i) ? 0 : 1 + i));

  function expectedGradients(): { dz: number[]; dp: number[] } {
    const g = dy.map((v, i) => (y[i]! > 0 ? v : 0));
    const dz = new Array<number>(N * D).fill(0);
    const dp = new Array<number>(M * D).fill(0);
    for (let n = 0; n < N; n++) {
      for (let m = 0; m < M; m++) {
        for (let k = 0; k < D; k++) {
          const diff = z[n * D + k]! - p[m * D + k]!;
          dz[n * D + k]! += 2 * g[n * M + m]! * diff;
          dp[m * D + k]! -= 2 * g[n * M + m]! * diff;
        }
      }
    }
    return { dz, dp };
  }

  const gradient = (gradientOf: string) =>
    plainCopies(() => [
      tf.engine().runKernel(PROTOTYPE_DISTANCES_GRAD, { dy: tf.tensor2d(dy, [N, M]), z: tf.tensor2d(z, [N, D]), prototypes: tf.tensor2d(p, [M, D]), y: tf.tensor2d(y, [N, M]) }, { gradientOf }) as tf.Tensor,
    ])[0]!;

  it('gives dz and dprototypes, masked where the output was clamped, against float64', async () => {
    await tf.setBackend('torch');
    resetTorchFallbacks();
    const { dz, dp } = expectedGradients();
    assertClose(gradient('z'), { shape: [N, D], dtype: 'float32', values: dz }, 'dz', 1e-5, 1e-6);
    assertClose(gradient('prototypes'), { shape: [M, D], dtype: 'float32', values: dp }, 'dprototypes', 1e-5, 1e-6);
    expect(torchFallbacks().calls).toBe(0);
  });

  it('names a wrong gradient or wrong shapes', async () => {
    await tf.setBackend('torch');
    expect(() => gradient('bias')).toThrow("torch backend: PrototypeDistancesGrad takes gradientOf 'z' or 'prototypes', not 'bias'");
    expect(() => plainCopies(() => [tf.engine().runKernel(PROTOTYPE_DISTANCES, { z: tf.zeros([2, 3]), prototypes: tf.zeros([4, 5]) }) as tf.Tensor])).toThrow(
      'torch backend: PrototypeDistances needs z [N, D] and prototypes [M, D], got [2, 3] and [4, 5]',
    );
  });
});
