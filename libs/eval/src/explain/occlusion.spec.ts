import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ExplainInputError } from './errors';
import { createOcclusion } from './occlusion';
import { expectClose, linearModel } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// One-channel 3×3 images; class 0's weights per pixel, class 1's all zero.
const w = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const model = linearModel(
  w.map((v) => [v, 0]),
  [0.5, 0],
);
const x = [1, 0, 2, 1, 1, -1, 3, 0, 1];

describe('Occlusion', () => {
  it('is w·(x − b) per pixel with a 1×1 window (the linear closed form)', async () => {
    const images = tf.tensor4d(x, [1, 3, 3, 1]);
    const heatmaps = await createOcclusion(model, { window: 1, stride: 1 }).attribute(images, { target: 0 });
    expect(heatmaps.scale).toBe('signed');
    expectClose(heatmaps.maps[0]!, w.map((v, p) => v * x[p]!));
    const shifted = await createOcclusion(model, { window: 1, stride: 1, baseline: 1 }).attribute(images, { target: 0 });
    expectClose(shifted.maps[0]!, w.map((v, p) => v * (x[p]! - 1)));
    images.dispose();
  });

  it('averages the drops of the overlapping windows that cover each pixel', async () => {
    // 2×2 windows, stride 1, on 3×3: four windows; drop of a window = Σ_{p in it} w_p·x_p (baseline 0).
    // w·x = [1, 0, 6, 4, 5, −6, 21, 0, 9]:
    //   top-left {0,1,3,4} = 10, top-right {1,2,4,5} = 5, bottom-left {3,4,6,7} = 30, bottom-right {4,5,7,8} = 8.
    // Corners see one window, edges two, the centre all four.
    const images = tf.tensor4d(x, [1, 3, 3, 1]);
    const heatmaps = await createOcclusion(model, { window: 2, stride: 1 }).attribute(images, { target: 0 });
    expectClose(heatmaps.maps[0]!, [10, 7.5, 5, 20, 53 / 4, 6.5, 30, 19, 8]);
    images.dispose();
  });

  it('leaves pixels no whole window covers at 0 and handles a batch of images', async () => {
    // 2×2 windows with stride 2 fit once per axis on 3×3 (rows/cols 0–1): the last row and column stay 0.
    const images = tf.tensor4d([...x, ...x.map((v) => 2 * v)], [2, 3, 3, 1]);
    const heatmaps = await createOcclusion(model, { window: [2, 2], stride: 2 }).attribute(images, { target: 0, batchSize: 1 });
    expectClose(heatmaps.maps[0]!, [10, 10, 0, 10, 10, 0, 0, 0, 0]);
    expectClose(heatmaps.maps[1]!, [20, 20, 0, 20, 20, 0, 0, 0, 0]);
    images.dispose();
  });

  it('measures the drop in softmax probability when asked', async () => {
    // Logits (w·x + 0.5, 0) = (40.5 − occluded part, 0); occluding pixel 6 (w·x = 21) leaves 19.5.
    // 1×1 windows: the drop at pixel p is σ(40.5) − σ(40.5 − w_p x_p), σ the logistic function.
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    const images = tf.tensor4d(x, [1, 3, 3, 1]);
    const heatmaps = await createOcclusion(model, { window: 1, stride: 1, output: 'probability' }).attribute(images, { target: 0 });
    expectClose(heatmaps.maps[0]!, w.map((v, p) => sigma(40.5) - sigma(40.5 - v * x[p]!)), 6);
    const smaller = tf.tensor4d(x.map((v) => v / 10), [1, 3, 3, 1]);
    const logits = w.reduce((sum, v, p) => sum + (v * x[p]!) / 10, 0.5);
    const soft = await createOcclusion(model, { window: 1, stride: 1, output: 'probability' }).attribute(smaller, { target: 0 });
    expectClose(soft.maps[0]!, w.map((v, p) => sigma(logits) - sigma(logits - (v * x[p]!) / 10)), 6);
    tf.dispose([images, smaller]);
  });

  it('rejects a window larger than the image', async () => {
    const images = tf.tensor4d(x, [1, 3, 3, 1]);
    await expect(createOcclusion(model, { window: 4 }).attribute(images)).rejects.toThrow(ExplainInputError);
    images.dispose();
  });
});
