import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { MetricInputError } from '../errors';
import { riseBlur } from './blur';
import { curveAuc, deletionInsertion } from './deletion-insertion';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/**
 * A linear "classifier": column 0 is Σ weights · pixels (channel 0), column 1 is 1 minus that, so the
 * score of any intermediate image follows from which pixels have been changed.
 */
function linearModel(weights: number[], height: number, width: number, channels = 1) {
  const full = new Float32Array(height * width * channels);
  weights.forEach((w, p) => (full[p * channels] = w));
  return (images: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      const score = tf.sum(tf.mul(images, tf.tensor4d(full, [1, height, width, channels])), [1, 2, 3]);
      return tf.stack([score, tf.sub(1, score)], 1) as tf.Tensor2D;
    });
}

/** Weights 1/|R| on the region R, 0 elsewhere: the score is the mean of the region. */
function regionWeights(pixelCount: number, region: number[]): number[] {
  return Array.from({ length: pixelCount }, (_, p) => (region.includes(p) ? 1 / region.length : 0));
}

const ones16 = new Float32Array(16).fill(1);
/** Ranks pixel p at position p (saliency 16 − p): row 0 first. */
const rowZeroFirst = Float32Array.from({ length: 16 }, (_, p) => 16 - p);

describe('deletionInsertion', () => {
  it('deletion: a map that ranks the evidence first drops the score fastest (closed form)', async () => {
    // 4 × 4 image of ones; the score is the mean of row 0 (pixels 0–3). Step 2 → n = 8 steps.
    // Row 0 first: 2 of its pixels go per step → 1, ½, 0, 0, … ; AUC = (1.5 − ½ − 0) / 8 = 1/8.
    const predict = linearModel(regionWeights(16, [0, 1, 2, 3]), 4, 4);
    const result = await deletionInsertion({
      image: ones16,
      imageShape: [4, 4, 1],
      saliency: rowZeroFirst,
      predict,
      mode: 'deletion',
      step: 2,
    });
    expect(result.target).toBe(0);
    expect(result.steps).toBe(8);
    expect(result.substrate).toBe('zero');
    const expected = [1, 0.5, 0, 0, 0, 0, 0, 0, 0];
    result.curve.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 6));
    expect(result.auc).toBeCloseTo(1 / 8, 6);
  });

  it('deletion: ranking the evidence last keeps the score until the end (AUC 7/8)', async () => {
    // Reversed ranking: the 12 other pixels go in the first 6 steps, then row 0 in steps 7 and 8.
    // Curve 1 ×7, ½, 0 → (7.5 − ½ − 0) / 8 = 7/8.
    const predict = linearModel(regionWeights(16, [0, 1, 2, 3]), 4, 4);
    const result = await deletionInsertion({
      image: ones16,
      imageShape: [4, 4, 1],
      saliency: Float32Array.from(rowZeroFirst, (s) => -s),
      predict,
      mode: 'deletion',
      step: 2,
      batchSize: 3,
    });
    const expected = [1, 1, 1, 1, 1, 1, 1, 0.5, 0];
    result.curve.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 6));
    expect(result.auc).toBeCloseTo(7 / 8, 6);
  });

  it('insertion from a zero substrate, and a given target class', async () => {
    // Start from zeros, insert row 0 first: 0, ½, 1, 1, … (n = 8) → (7.5 − 0 − ½) / 8 = 7/8.
    const predict = linearModel(regionWeights(16, [0, 1, 2, 3]), 4, 4);
    const common = { image: ones16, imageShape: [4, 4, 1] as const, saliency: rowZeroFirst, predict, step: 2 };
    const insertion = await deletionInsertion({ ...common, mode: 'insertion', substrate: 'zero' });
    expect(insertion.auc).toBeCloseTo(7 / 8, 6);
    // Column 1 = 1 − column 0: the curve mirrors, so the AUC is 1 − 7/8.
    const other = await deletionInsertion({ ...common, mode: 'insertion', substrate: 'zero', target: 1 });
    expect(other.target).toBe(1);
    expect(other.auc).toBeCloseTo(1 / 8, 6);
  });

  it('changes the last, shorter step and breaks saliency ties by pixel order', async () => {
    // 1 × 5 image of ones, weights (1, 2, 4, 8, 16)/31, flat map → order 0, 1, 2, 3, 4; step 2 → n = 3:
    // scores 1, 28/31, 16/31, 0; AUC = (1 + 28/31 + 16/31 + 0 − ½ − 0) / 3.
    const predict = linearModel([1, 2, 4, 8, 16].map((w) => w / 31), 1, 5);
    const result = await deletionInsertion({
      image: new Float32Array(5).fill(1),
      imageShape: [1, 5, 1],
      saliency: new Float32Array(5),
      predict,
      mode: 'deletion',
      step: 2,
    });
    const expected = [1, 28 / 31, 16 / 31, 0];
    result.curve.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 6));
    expect(result.auc).toBeCloseTo((1 + 28 / 31 + 16 / 31 - 0.5) / 3, 6);
  });

  it("deletion to the per-channel mean moves all channels of a pixel together", async () => {
    // 2 × 2 × 2 image: channel 0 = 1, 2, 3, 6 (mean 3), channel 1 = 0, 0, 0, 4 (mean 1).
    // Scores: column 0 = channel 0 of pixel 0, column 1 = channel 1 of pixel 3.
    const image = Float32Array.from([1, 0, 2, 0, 3, 0, 6, 4]);
    const predict = (images: tf.Tensor4D): tf.Tensor2D =>
      tf.tidy(() => {
        const pixel0 = tf.reshape(tf.slice(images, [0, 0, 0, 0], [-1, 1, 1, 1]), [-1]);
        const pixel3 = tf.reshape(tf.slice(images, [0, 1, 1, 1], [-1, 1, 1, 1]), [-1]);
        return tf.stack([pixel0, pixel3], 1) as tf.Tensor2D;
      });
    // Saliency ranks pixel 3, then 0, then 1, 2; step 1 → n = 4.
    const common = { image, imageShape: [2, 2, 2] as const, saliency: Float32Array.from([3, 2, 1, 4]), predict, step: 1 };
    // Column 0: 1, 1, 3, 3, 3 → (11 − ½ − 3/2) / 4 = 9/4.
    const column0 = await deletionInsertion({ ...common, mode: 'deletion', substrate: 'mean', target: 0 });
    [1, 1, 3, 3, 3].forEach((s, i) => expect(column0.curve[i]).toBeCloseTo(s, 6));
    expect(column0.auc).toBeCloseTo(9 / 4, 6);
    // Column 1 (also the predicted class: 4 > 1): 4, 1, 1, 1, 1 → (8 − 2 − ½) / 4 = 11/8.
    const column1 = await deletionInsertion({ ...common, mode: 'deletion', substrate: 'mean' });
    expect(column1.target).toBe(1);
    expect(column1.auc).toBeCloseTo(11 / 8, 6);
  });

  it('insertion starts from the blurred image and ends at the image, whatever the batch size', async () => {
    const [height, width] = [6, 6];
    const image = Float32Array.from({ length: 36 }, (_, p) => ((p * 7) % 11) / 11);
    const weights = Array.from({ length: 36 }, (_, p) => (p % 5) / 90);
    const predict = linearModel(weights, height, width);
    const blur = { kernelSize: 3, sigma: 1 };
    const score = (pixels: Float32Array) => weights.reduce((sum, w, p) => sum + w * pixels[p], 0);
    const saliency = Float32Array.from({ length: 36 }, (_, p) => (p * 13) % 36);
    const runs = await Promise.all(
      [1, 4, 100].map((batchSize) =>
        deletionInsertion({ image, imageShape: [height, width, 1], saliency, predict, mode: 'insertion', step: 5, batchSize, blur, target: 0 }),
      ),
    );
    const [first] = runs;
    expect(first.substrate).toBe('blur');
    expect(first.steps).toBe(8);
    expect(first.curve[0]).toBeCloseTo(score(riseBlur(image, [height, width, 1], blur)), 5);
    expect(first.curve[8]).toBeCloseTo(score(image), 5);
    for (const run of runs.slice(1)) run.curve.forEach((s, i) => expect(s).toBeCloseTo(first.curve[i], 6));
  });

  it('accepts a Tensor3D image and leaves no tensor behind', async () => {
    const predict = linearModel(regionWeights(16, [0, 1, 2, 3]), 4, 4);
    const image = tf.tensor3d(ones16, [4, 4, 1]);
    const before = tf.memory().numTensors;
    const result = await deletionInsertion({ image, saliency: rowZeroFirst, predict, mode: 'deletion', step: 4 });
    expect(tf.memory().numTensors).toBe(before);
    // Step 4: row 0 goes at once → 1, 0, 0, 0, 0 → (1 − ½) / 4.
    expect(result.auc).toBeCloseTo(1 / 8, 6);
    image.dispose();
  });

  it('rejects bad input with a message naming the argument', async () => {
    const predict = linearModel(regionWeights(16, [0]), 4, 4);
    const base = { image: ones16, imageShape: [4, 4, 1] as const, saliency: rowZeroFirst, predict, mode: 'deletion' as const, step: 1 };
    await expect(deletionInsertion({ ...base, step: 0 })).rejects.toThrow(/step is 0/);
    await expect(deletionInsertion({ ...base, saliency: new Float32Array(3) })).rejects.toThrow(/saliency must be a Float32Array of height × width = 16/);
    await expect(deletionInsertion({ ...base, target: 2 })).rejects.toThrow(/target is 2, but predict gives 2 classes/);
    await expect(deletionInsertion({ ...base, imageShape: undefined })).rejects.toThrow(MetricInputError);
    await expect(
      deletionInsertion({ ...base, predict: (images) => tf.tidy(() => tf.reshape(tf.sum(images), [1, 1]) as tf.Tensor2D) }),
    ).rejects.toThrow(/predict must return probabilities/);
    expect(() => curveAuc([1])).toThrow(/at least 2/);
  });
});
