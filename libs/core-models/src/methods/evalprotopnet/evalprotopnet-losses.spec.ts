import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { prototypeClassIdentity } from '../protopnet/prototype-losses';
import { cosineClusterSeparation, cosinePrototypeLayer, orthogonalityLoss, scoreAggregation, scoreAggregationWeights, sdfaLoss } from './evalprotopnet-losses';
import { shallowOntoGrid, spaceToDepth } from './space-to-depth';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const close = (values: number[], digits = 5) => values.map((v) => expect.closeTo(v, digits));

describe('spaceToDepth', () => {
  it('stacks each 2×2 block into channels in (row, column, channel) order', () => {
    // x[h][w][c] = 10·(4h + w) + c on a 4×4×2 map.
    const values = Array.from({ length: 4 }, (_, h) => Array.from({ length: 4 }, (_, w) => [0, 1].map((c) => 10 * (4 * h + w) + c)));
    const out = tf.tidy(() => spaceToDepth(tf.tensor4d([values]), 2).arraySync())[0]!;
    expect(out).toHaveLength(2);
    expect(out[0]).toHaveLength(2);
    // Block (0,0) holds cells (0,0), (0,1), (1,0), (1,1); block (1,0) holds (2,0), (2,1), (3,0), (3,1).
    expect(out[0]![0]).toEqual([0, 1, 10, 11, 40, 41, 50, 51]);
    expect(out[0]![1]).toEqual([20, 21, 30, 31, 60, 61, 70, 71]);
    expect(out[1]![0]).toEqual([80, 81, 90, 91, 120, 121, 130, 131]);
    expect(out[1]![1]).toEqual([100, 101, 110, 111, 140, 141, 150, 151]);
  });

  it('takes rectangular blocks, and refuses maps that do not divide', () => {
    const x = tf.tensor4d([[[[1], [2], [3], [4]], [[5], [6], [7], [8]]]]); // 2×4×1
    expect(tf.tidy(() => spaceToDepth(x, [1, 2]).arraySync())).toEqual([[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]]);
    expect(tf.tidy(() => spaceToDepth(x, [2, 4]).arraySync())).toEqual([[[[1, 2, 3, 4, 5, 6, 7, 8]]]]);
    expect(() => spaceToDepth(x, 3)).toThrow(/does not divide/);
    x.dispose();
  });

  it('brings a shallow map onto a coarser grid, dropping the rows and columns that do not fill a block', () => {
    // 5×5 map with value 5h + w onto a 2×2 grid: blocks of 2×2 over the top-left 4×4.
    const x = tf.tensor4d(Array.from({ length: 25 }, (_, i) => i), [1, 5, 5, 1]);
    const out = tf.tidy(() => shallowOntoGrid(x, [2, 2]).arraySync())[0]!;
    expect(out[0]![0]).toEqual([0, 1, 5, 6]);
    expect(out[1]![1]).toEqual([12, 13, 17, 18]);
    expect(() => shallowOntoGrid(x, [6, 6])).toThrow(/coarser/);
    x.dispose();
  });
});

describe('score aggregation (SA)', () => {
  const a = [0.3, -1.2, 2.0, 0.5, 0.5, -0.7]; // 2 classes × 3 prototypes
  const softmax = (xs: number[]) => xs.map((x) => Math.exp(x) / xs.reduce((s, v) => s + Math.exp(v), 0));
  const expectedWeights = [...softmax(a.slice(0, 3)), ...softmax(a.slice(3))].map((w) => 3 * w);

  it('gives each class softmax weights over its own prototypes that sum to perClass', () => {
    const w = tf.tidy(() => Array.from(scoreAggregationWeights(tf.tensor1d(a), 3).dataSync()));
    expect(w).toEqual(close(expectedWeights));
    expect(w.slice(0, 3).reduce((s, v) => s + v, 0)).toBeCloseTo(3, 5);
    expect(w.slice(3).reduce((s, v) => s + v, 0)).toBeCloseTo(3, 5);
    // a = 1 (the initial vector): every weight 1.
    expect(tf.tidy(() => Array.from(scoreAggregationWeights(tf.ones([6]) as tf.Tensor1D, 3).dataSync()))).toEqual(close([1, 1, 1, 1, 1, 1]));
  });

  it('scores class c only from its own prototypes: logit_c = Σ_{j∈c} w_j·act_j', () => {
    const acts = [
      [0.9, 0.1, 0.4, 2.0, -0.3, 0.7],
      [-1.5, 0.2, 0.8, 0.05, 1.1, 0.6],
    ];
    const logits = tf.tidy(() => scoreAggregation(tf.tensor2d(acts), tf.tensor1d(a), 3).arraySync());
    const expected = acts.map((row) => [0, 1].map((c) => [0, 1, 2].reduce((s, t) => s + expectedWeights[3 * c + t]! * row[3 * c + t]!, 0)));
    expect(logits).toEqual(expected.map((row) => close(row)));
  });
});

describe('orthogonality loss', () => {
  it('sums ‖P_c P_cᵀ − I‖₁ over the classes (hand case)', () => {
    // Class 0: (2,0), (0,1) → Gram [[4,0],[0,1]] → |3| = 3. Class 1: (1,0), (0.6,0.8) → off-diagonal 0.6 twice → 1.2.
    const p = tf.tensor2d([[2, 0], [0, 1], [1, 0], [0.6, 0.8]]);
    expect(tf.tidy(() => orthogonalityLoss(p, 2).dataSync()[0])).toBeCloseTo(4.2, 5);
    // Cross-class overlap costs nothing: the same vectors, classes of one prototype each, only the diagonals count.
    expect(tf.tidy(() => orthogonalityLoss(p, 1).dataSync()[0])).toBeCloseTo(3 + 0 + 0 + 0, 5);
    p.dispose();
  });
});

describe('cosine prototype layer, cluster and separation', () => {
  // Image 0: cells (3,4) and (1,0); image 1: cells (0,2) and (1,1). Prototypes (normalised inside):
  // p0 = (2,0) → (1,0), p1 = (0,5) → (0,1), p2 = (1,1) → (1,1)/√2, p3 = (−1,0).
  const latent = () => tf.tensor4d([[[[3, 4], [1, 0]]], [[[0, 2], [1, 1]]]]);
  const prototypes = () => tf.tensor2d([[2, 0], [0, 5], [1, 1], [-1, 0]]);
  const r = Math.SQRT1_2;

  it('activates with z·p̂ (z not normalised) and measures distance as −max cos', () => {
    const out = tf.tidy(() => {
      const o = cosinePrototypeLayer(latent(), prototypes());
      return { maps: o.activationMaps.arraySync(), acts: o.activations.arraySync(), dist: o.cosineDistances.arraySync() };
    });
    expect(out.maps[0]![0]!).toEqual([close([3, 4, 7 * r, -3]), close([1, 0, r, -1])]);
    expect(out.acts).toEqual([close([3, 4, 7 * r, -1]), close([1, 2, 2 * r, 0])]);
    // p0 on image 0 peaks in activation at cell (3,4) but in cosine at cell (1,0): cos 1.
    expect(out.dist).toEqual([close([-1, -0.8, -(0.6 + 0.8) * r, 0.6]), close([-r, -1, -1, 0])]);
  });

  it('cluster and separation are the mean nearest own- and other-class cosine distances', () => {
    const identity = prototypeClassIdentity(2, 2);
    const { cluster, separation } = tf.tidy(() => {
      const { cosineDistances } = cosinePrototypeLayer(latent(), prototypes());
      const costs = cosineClusterSeparation(cosineDistances, tf.tensor1d([0, 1], 'int32'), identity);
      return { cluster: costs.cluster.dataSync()[0]!, separation: costs.separation.dataSync()[0]! };
    });
    // Image 0 (class 0): own {−1, −0.8} → −1; other {−0.98995, 0.6} → −0.98995.
    // Image 1 (class 1): own {−1, 0} → −1; other {−0.7071, −1} → −1.
    expect(cluster).toBeCloseTo((-1 + -1) / 2, 5);
    expect(separation).toBeCloseTo((-(0.6 + 0.8) * r + -1) / 2, 5);
    identity.dispose();
  });
});

describe('SDFA loss', () => {
  // One image, deep grid 1×3 (N = 3), 2 classes × 2 prototypes.
  const deepCells = [[1, 0], [0, 1], [1, 1]];
  const shallowCells = [[1, 0], [1, 0], [0, 1]];
  // Prototype peaks: class 0's (j0, j1) at cell 1, class 1's j2 at cell 0 and j3 at cell 2.
  const maps = [[[0, 0, 5, 0], [3, 4, 0, 0], [0, 0, 1, 6]]];
  const run = (deep: number[][], shallow: number[][], label: number, margin: number) =>
    tf.tidy(() =>
      sdfaLoss({
        activationMaps: tf.tensor3d(maps),
        deep: tf.tensor4d([[deep]]),
        shallow: tf.tensor4d([[shallow]]),
        labels: tf.tensor1d([label], 'int32'),
        perClass: 2,
        margin,
      }).dataSync()[0]!,
    );

  it('is zero when shallow and deep self-similarities coincide (scaled and widened shallow features)', () => {
    const shallow = deepCells.map(([x, y]) => [3 * x!, 0, 3 * y!, 0]); // same cosines, other width and scale
    expect(run(deepCells, shallow, 1, 0)).toBeCloseTo(0, 6);
    expect(run(deepCells, shallow, 0, 0)).toBeCloseTo(0, 6);
  });

  it('averages ReLU(|S_deep − S_shallow| − τ) over the rows at the own prototypes’ peaks (hand case)', () => {
    const r = Math.SQRT1_2;
    // Label 1 → j2 (peak cell 0) and j3 (peak cell 2).
    // Deep rows: cell 0 → [1, 0, r], cell 2 → [r, r, 1]. Shallow rows: cell 0 → [1, 1, 0], cell 2 → [0, 0, 1].
    const hinge = (v: number) => Math.max(0, Math.abs(v) - 0.1);
    const expected1 = ([1 - 1, 0 - 1, r - 0, r - 0, r - 0, 1 - 1].map(hinge).reduce((s, v) => s + v, 0)) / 6;
    expect(run(deepCells, shallowCells, 1, 0.1)).toBeCloseTo(expected1, 5);
    // Label 0 → j0, j1 both peak at cell 1: deep row [0, 1, r], shallow row [1, 1, 0], twice.
    const expected0 = ([0 - 1, 1 - 1, r - 0].map(hinge).reduce((s, v) => s + v, 0) * 2) / 6;
    expect(run(deepCells, shallowCells, 0, 0.1)).toBeCloseTo(expected0, 5);
    expect(expected0).not.toBeCloseTo(expected1, 3);
  });

  it('uses each image’s own similarity matrix', () => {
    // Image 1 is image 0 with deep = shallow: it adds zeros, halving the mean.
    const value = tf.tidy(() =>
      sdfaLoss({
        activationMaps: tf.tensor3d([...maps, ...maps]),
        deep: tf.tensor4d([[deepCells], [shallowCells]]),
        shallow: tf.tensor4d([[shallowCells], [shallowCells]]),
        labels: tf.tensor1d([1, 1], 'int32'),
        perClass: 2,
        margin: 0.1,
      }).dataSync()[0]!,
    );
    expect(value).toBeCloseTo(run(deepCells, shallowCells, 1, 0.1) / 2, 5);
  });

  it('sends no gradient into the shallow map (nor the activation maps), only into the deep map', () => {
    const [gMaps, gDeep, gShallow] = tf.tidy(() =>
      tf
        .grads((m: tf.Tensor, d: tf.Tensor, s: tf.Tensor) =>
          sdfaLoss({ activationMaps: m as tf.Tensor3D, deep: d as tf.Tensor4D, shallow: s as tf.Tensor4D, labels: tf.tensor1d([1], 'int32'), perClass: 2, margin: 0.1 }),
        )([tf.tensor3d(maps), tf.tensor4d([[deepCells]]), tf.tensor4d([[shallowCells]])])
        .map((g) => Array.from(g.dataSync())),
    );
    expect(gShallow!.every((v) => v === 0)).toBe(true);
    expect(gMaps!.every((v) => v === 0)).toBe(true);
    expect(gDeep!.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });
});
