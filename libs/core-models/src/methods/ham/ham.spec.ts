import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../../parameters/parameter-set';
import { trainLoop, type BatchSource } from '../../training/train-loop';
import type { MethodBatch } from '../method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import { ForegroundAttention } from './foreground-attention';
import { boundLoss, boxLoss, maskedBinaryCrossEntropy, outsideFraction, refineMaps, unionLoss } from './ham-losses';
import type { HamModel } from './ham-method';
import { lsePool } from './lse-pool';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const softplus = (z: number) => Math.log1p(Math.exp(z));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const maps3 = (rows: number[][][]) => tf.tensor3d(rows);

describe('LSE pooling', () => {
  const values = [0.2, -1.3, 2.5, 0.7, 1.1, -0.4];
  const features = () => tf.tensor4d(values, [1, 2, 3, 1]);

  it('is (log Σ exp(r·F) − log HW)/r: log 2 for F = (0, log 3), r = 1', () => {
    expect(lsePool(tf.tensor4d([0, Math.log(3)], [1, 1, 2, 1]), 1).dataSync()[0]).toBeCloseTo(Math.log(2), 6);
  });

  it('tends to the max as r grows and to the mean as r → 0', () => {
    const max = Math.max(...values);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(lsePool(features(), 500).dataSync()[0]).toBeCloseTo(max, 2);
    expect(Math.abs(lsePool(features(), 500).dataSync()[0]! - max)).toBeLessThan(Math.abs(lsePool(features(), 6).dataSync()[0]! - max));
    expect(lsePool(features(), 1e-3).dataSync()[0]).toBeCloseTo(mean, 2);
    // Between the two for any r.
    const mid = lsePool(features(), 6).dataSync()[0]!;
    expect(mid).toBeGreaterThan(mean);
    expect(mid).toBeLessThan(max);
  });

  it('does not overflow for large r·F and rejects r ≤ 0', () => {
    expect(lsePool(tf.tensor4d([100, 90], [1, 1, 2, 1]), 50).dataSync()[0]).toBeCloseTo(100 - Math.log(2) / 50, 4);
    expect(() => lsePool(features(), 0)).toThrow('LSE pooling: r must be a positive number, got 0');
  });
});

describe('HAM losses on hand-computed cases', () => {
  it('binary cross-entropy averages over known entries only', () => {
    const loss = maskedBinaryCrossEntropy(tf.tensor2d([[0, 2], [5, -1]]), tf.tensor2d([[1, 0], [1, 1]]), tf.tensor2d([[1, 1], [0, 1]]));
    // Known: (z=0,t=1) log 2; (z=2,t=0) softplus(2); (z=−1,t=1) softplus(−1) + 1.
    expect(loss.dataSync()[0]).toBeCloseTo((Math.log(2) + softplus(2) + softplus(-1) + 1) / 3, 5);
    expect(maskedBinaryCrossEntropy(tf.tensor1d([3]), tf.tensor1d([1]), tf.tensor1d([0])).dataSync()[0]).toBe(0);
  });

  it('box loss is Σ(Â − M)²/Σ(Â + M) over the (image, finding) pairs with a box', () => {
    // Image 0, finding 0: Â = (1, 0.5, 0, 0), M = (1, 1, 0, 0) → 0.25 / 3.5. Finding 1 has no box; image 1 neither.
    const refined = tf.tensor4d([1, 9, 0.5, 9, 0, 9, 0, 9, 7, 7, 7, 7, 7, 7, 7, 7], [2, 2, 2, 2]);
    const boxes = tf.tensor4d([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, 2, 2, 2]);
    expect(boxLoss(refined, boxes, tf.tensor2d([[1, 0], [0, 0]])).dataSync()[0]).toBeCloseTo(0.25 / 3.5, 5);
    expect(boxLoss(refined, boxes, tf.zeros([2, 2]) as tf.Tensor2D).dataSync()[0]).toBe(0);
  });

  it('outside fraction: 0 inside the container’s core, 1 when disjoint, ½ for half outside', () => {
    const container = maps3([[[0, 1, 1, 0]]]);
    expect(outsideFraction(maps3([[[0, 0.5, 1, 0]]]), container).dataSync()[0]).toBeCloseTo(0, 5);
    expect(outsideFraction(maps3([[[1, 0, 0, 2]]]), container).dataSync()[0]).toBeCloseTo(1, 5);
    // Inner (0, 1, 0, 1): mass 2, covered min(1, 1)·σ(100·0.25) ≈ 1 → (2 − 1)/2.
    expect(outsideFraction(maps3([[[0, 1, 0, 1]]]), container).dataSync()[0]).toBeCloseTo((2 - sigmoid(25)) / 2, 5);
    // A container value at 0.6 of its max is outside its core: σ(100·(0.6 − 0.75)) ≈ 3e-7.
    expect(outsideFraction(maps3([[[0, 0, 0.6, 0]]]), maps3([[[0, 1, 0.6, 0]]])).dataSync()[0]).toBeCloseTo(1 - sigmoid(-15), 5);
  });

  it('bound loss counts positive findings only; union loss wants the abnormal map covered by the positives', () => {
    // h × w = 1 × 4. Abnormal map on cells 1–2; finding 0 inside it, finding 1 on cell 3 (outside).
    const abnormal = maps3([[[0, 1, 1, 0]]]);
    const findingMaps = tf.tensor4d([0, 0, 1, 0, 0, 0, 0, 1], [1, 1, 4, 2]);
    expect(boundLoss(findingMaps, abnormal, tf.tensor2d([[1, 0]])).dataSync()[0]).toBeCloseTo(0, 5);
    expect(boundLoss(findingMaps, abnormal, tf.tensor2d([[0, 1]])).dataSync()[0]).toBeCloseTo(1, 5);
    expect(boundLoss(findingMaps, abnormal, tf.tensor2d([[1, 1]])).dataSync()[0]).toBeCloseTo(0.5, 5);
    expect(boundLoss(findingMaps, abnormal, tf.tensor2d([[0, 0]])).dataSync()[0]).toBe(0);
    // Union of positive finding 0 = cell 2 only: the abnormal map's cell 1 (half its mass) is uncovered.
    expect(unionLoss(findingMaps, abnormal, tf.tensor2d([[1, 0]])).dataSync()[0]).toBeCloseTo(0.5, 5);
    // Findings covering cells 1 and 2: nothing uncovered.
    const covering = tf.tensor4d([0, 0, 1, 0, 0, 1, 0, 0], [1, 1, 4, 2]);
    expect(unionLoss(covering, abnormal, tf.tensor2d([[1, 1]])).dataSync()[0]).toBeCloseTo(0, 5);
    // A normal image (no positive finding) does not count.
    expect(unionLoss(findingMaps, abnormal, tf.tensor2d([[0, 0]])).dataSync()[0]).toBe(0);
  });

  it('refinement: min-max then sigmoid(100·(A − 0.4)) at the target size', () => {
    const refined = refineMaps(maps3([[[0, 0.5, 1]]]), [1, 3]).dataSync();
    expect(Array.from(refined)).toEqual([sigmoid(-40), sigmoid(10), sigmoid(60)].map((v) => expect.closeTo(v, 5)));
  });
});

describe('foreground attention', () => {
  it('starts as the identity (residual scale 0)', () => {
    const params = new ParameterSet();
    const block = new ForegroundAttention(params, 'fa', 8, 4, 1);
    const x = tf.randomNormal([2, 3, 3, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
    expect(Array.from(block.apply(x).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(block.gamma.dataSync()[0]).toBe(0);
    params.dispose();
  });
});

/** squaresSource with two findings: 'square' = the label, 'bright' = never; boxes on the even rows' squares. */
function withFindings(source: BatchSource): BatchSource {
  return {
    batchCount: source.batchCount,
    *batches(epoch: number): Iterable<MethodBatch> {
      for (const batch of source.batches(epoch)) {
        const labels = Array.from(batch.labels.dataSync());
        const findings = tf.tensor2d(labels.map((l) => [l, 0]));
        const known = tf.onesLike(findings) as tf.Tensor2D;
        // The brightest 5×5 block of each positive image is its square.
        const boxes = tf.tidy(() => {
          const square = tf.cast(tf.greater(batch.images, 0.95), 'float32');
          return tf.concat([square, tf.zerosLike(square)], 3) as tf.Tensor4D;
        });
        const boxKnown = tf.tensor2d(labels.map((l, i) => [l === 1 && i % 2 === 0 ? 1 : 0, 0]));
        yield { ...batch, findings, findingKnown: known, findingBoxes: boxes, findingBoxKnown: boxKnown };
      }
    },
  };
}

describe('ham model', () => {
  const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 2, findings: ['square', 'bright'] };
  const config = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, dropout: 0 };
  const create = () => createMethodModel('ham', config, context).model as HamModel;

  it('logits rebuilt from its explain hooks: (−z/2, z/2) with z = w·LSE₆(F), and CAMs = ReLU(F·w)', () => {
    const model = create();
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const logits = model.forward({ images, labels: tf.tensor1d([0, 1], 'int32') }, { training: false }).logits.arraySync();
    const features = model.explain.features(images);
    expect(model.explain.logitsFromFeatures(features).arraySync().flat()).toEqual(logits.flat().map((v) => expect.closeTo(v, 5)));
    const [b, h, w, c] = features.shape;
    const f = features.arraySync();
    const weight = Array.from(model.abnormalHead.weight.dataSync());
    const { weights } = model.explain.pooledClassifier!();
    expect(Array.from(weights.dataSync())).toEqual(weight.flatMap((v) => [-v / 2, v / 2]).map((v) => expect.closeTo(v, 6)));
    const findingMaps = model.explain.findingMaps!.maps(features).arraySync();
    const findingWeight = model.findingHead.weight.arraySync() as number[][];
    for (let i = 0; i < b; i++) {
      // Independent LSE pooling per channel, then the bias-free head.
      let z = 0;
      for (let k = 0; k < c; k++) {
        let sum = 0;
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sum += Math.exp(6 * f[i]![y]![x]![k]!);
        z += weight[k]! * (Math.log(sum / (h * w)) / 6);
      }
      expect(logits[i]![1]!).toBeCloseTo(z / 2, 4);
      expect(logits[i]![0]!).toBeCloseTo(-z / 2, 4);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const expected = findingWeight[0]!.map((_, j) => Math.max(0, f[i]![y]![x]!.reduce((s, v, k) => s + v * findingWeight[k]![j]!, 0)));
          expect(findingMaps[i]![y]![x]!).toEqual(expected.map((v) => expect.closeTo(v, 4)));
        }
      }
    }
    expect(model.explain.findingMaps!.names).toEqual(['square', 'bright']);
    model.dispose();
  });

  it('checks its data: two primary classes and a findings task', () => {
    expect(() => createMethodModel('ham', config, { ...context, classes: 3 })).toThrow('ham: the primary task must have two classes (normal, abnormal), got 3');
    expect(() => createMethodModel('ham', config, { ...context, findings: undefined })).toThrow("ham: no findings; the data needs a multi-label task 'findings'");
  });

  it('trains: every term finite and logged, the box term 0 on a batch without boxes, no leaked tensors', async () => {
    const model = create();
    const source = withFindings(squaresSource(5, 3));
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const terms: Record<string, number>[] = [];
    await trainLoop({
      model,
      train: source,
      unaugmentedTrain: source,
      epochs: 4,
      evaluate: () => ({}),
      onEvent: (event) => {
        if (event.kind === 'batch') losses.push(event.loss);
        if (event.kind === 'metrics') terms.push(event.values);
      },
    });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect(Object.keys(terms[0]!)).toEqual(expect.arrayContaining(['train/abnormal', 'train/classification', 'train/box', 'train/bound', 'train/union']));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(terms.at(-1)!['train/classification']!).toBeLessThan(terms[0]!['train/classification']!);
    const batch = [...withFindings(squaresSource(6, 1)).batches(0)][0]!;
    const noBoxes = { ...batch, findingBoxKnown: tf.zerosLike(batch.findingBoxKnown!) as tf.Tensor2D };
    const terms0 = model.loss(noBoxes, model.forward(noBoxes, { training: true })).terms;
    expect(terms0['box']!.dataSync()[0]).toBe(0);
    expect(Number.isFinite(terms0['classification']!.dataSync()[0])).toBe(true);
    model.dispose();
  });
});
