import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { createCrossAttentionMap, queryCell } from './cross-attention-map';
import { explainableModel } from './explainable-model';
import type { ExplainableModel } from './explainer';
import { createGradCam } from './gradcam';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** A bound two-view stand-in whose features are its images and whose attention rows are fixed. */
function boundTo(rows: number[][]): ExplainableModel {
  return {
    classes: 2,
    name: 'bound',
    logits: (images) => tf.mean(images, [1, 2]).concat(tf.mean(images, [1, 2]), 1) as tf.Tensor2D,
    hooks: {
      // The feature grid is 2 × 2 whatever the image size (average-pooled).
      features: (images) => tf.image.resizeBilinear(images, [2, 2]),
      logitsFromFeatures: (f) => tf.concat([tf.mean(f, [1, 2]), tf.mean(f, [1, 2])], 1) as tf.Tensor2D,
      receptiveField: () => () => ({ hStart: 0, hEnd: 1, wStart: 0, wEnd: 1 }),
    },
    otherView: { attention: () => tf.tensor3d([rows]), grid: [2, 2] },
  };
}

describe('cross-attention maps', () => {
  it('average the main view’s attention rows onto the other view’s grid, then min-max', async () => {
    // 2 × 2 main view, 2 × 2 other grid; each main cell's row of weights over the 4 other cells.
    const rows = [
      [0.7, 0.1, 0.1, 0.1],
      [0.4, 0.2, 0.2, 0.2],
      [0.1, 0.1, 0.1, 0.7],
      [0.2, 0.2, 0.2, 0.4],
    ];
    const model: ExplainableModel = {
      classes: 2,
      name: 'bound',
      logits: (images) => tf.mean(images, [1, 2]).concat(tf.mean(images, [1, 2]), 1) as tf.Tensor2D,
      hooks: { features: (images) => tf.clone(images), logitsFromFeatures: (f) => tf.concat([tf.mean(f, [1, 2]), tf.mean(f, [1, 2])], 1) as tf.Tensor2D, receptiveField: () => () => ({ hStart: 0, hEnd: 1, wStart: 0, wEnd: 1 }) },
      otherView: { attention: () => tf.tensor3d([rows]), grid: [2, 2] },
    };
    const heatmaps = await createCrossAttentionMap(model).attribute(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { target: 1 });
    // Column means: 0.35, 0.15, 0.15, 0.35 → min-max 1, 0, 0, 1.
    expect(Array.from(heatmaps.maps[0]!)).toEqual([1, 0, 0, 1].map((v) => expect.closeTo(v, 5)));
    expect(heatmaps.targets).toEqual([1]);
  });

  it('from one query point: the attention row of the main-view cell holding it', async () => {
    const rows = [
      [0.7, 0.1, 0.1, 0.1],
      [0.4, 0.2, 0.2, 0.2],
      [0.1, 0.1, 0.1, 0.7],
      [0.2, 0.3, 0.1, 0.4],
    ];
    const model = boundTo(rows);
    // A 4 × 4 main view over a 2 × 2 feature grid: pixel (3.5, 2.5) lies in cell (row 1, column 1) = row 3 of the weights.
    const heatmaps = await createCrossAttentionMap(model, { query: { x: 3.5, y: 2.5 } }).attribute(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, { target: 0 });
    const upsampled = heatmaps.maps[0]!;
    // Half-pixel bilinear upsampling keeps each corner cell's value at the image corner; min-max over [0.1, 0.4].
    expect([upsampled[0], upsampled[3], upsampled[12], upsampled[15]]).toEqual([(0.2 - 0.1) / 0.3, (0.3 - 0.1) / 0.3, 0, 1].map((v) => expect.closeTo(v, 5)));
    // Pixel (0, 0) lies in cell 0.
    const first = await createCrossAttentionMap(model, { query: { x: 0, y: 0 } }).attribute(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, { target: 0 });
    expect([first.maps[0]![0], first.maps[0]![15]]).toEqual([1, 0].map((v) => expect.closeTo(v, 5)));
    await expect(createCrossAttentionMap(model, { query: { x: 4, y: 0 } }).attribute(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D)).rejects.toThrow(
      'cross-attention: query (4, 0) lies outside the 4 × 4 main view',
    );
  });

  it('queryCell maps a pixel to its feature cell, the last row and column included', () => {
    expect(queryCell({ x: 0, y: 0 }, [48, 48], [6, 6])).toBe(0);
    expect(queryCell({ x: 47.9, y: 8 }, [48, 48], [6, 6])).toBe(6 + 5);
    expect(queryCell({ x: 23.5, y: 47.5 }, [48, 48], [6, 6])).toBe(5 * 6 + 2);
  });

  it('need a model bound to its other view', async () => {
    const { model } = createMethodModel('global', { backbone: { name: 'small-cnn', options: { widths: [4, 8] } } }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    await expect(createCrossAttentionMap(explainableModel(model, 2, 'global')).attribute(tf.zeros([1, 16, 16, 1]) as tf.Tensor4D)).rejects.toThrow(
      "cross-attention cannot explain the model 'global': it has no second view",
    );
    model.dispose();
  });

  it('a multiview model bound to one other view gives the logits of forward on the pair, and Grad-CAM works on it', async () => {
    const config = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, heads: 4 };
    const { model } = createMethodModel('multiview', config, { inputShape: [16, 16, 1], classes: 2, seed: 3 });
    const main = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const other = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const expected = model.forward({ images: main, labels: tf.tensor1d([0, 0], 'int32'), pairedImages: tf.tile(other, [2, 1, 1, 1]) as tf.Tensor4D }, { training: false }).logits;
    const bound = explainableModel(model, 2, 'multiview').bindOtherView!(other);
    expect(Array.from(bound.logits(main).dataSync())).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
    const before = tf.memory().numTensors;
    const cam = await createGradCam(bound).attribute(main, { target: [0, 1] });
    const attention = await createCrossAttentionMap(bound).attribute(main, { target: [0, 1] });
    expect(tf.memory().numTensors).toBe(before);
    for (const map of [...cam.maps, ...attention.maps]) expect(map.every((v) => v >= 0 && v <= 1)).toBe(true);
    bound.dispose();
    model.dispose();
  });
});
