import * as tf from '@tensorflow/tfjs-core';
import { initEngine, resizeBicubic } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { ExplainInputError, UnsupportedModelError } from './errors';
import { explainableModel } from './explainable-model';
import { createPrototypeActivationExplainer } from './prototype-activation';
import { handBuiltPrototypeModel } from './testing/hand-built-prototype-model';
import { keys } from './testing/keys-kernel';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const hot = (column: number, value = 1) => [0, 1].map(() => [0, 1, 2, 3, 4].map((c) => (c === column ? value : 0)));
// Class 0: prototype 0 (hot at the right, similarity 1, weight 0.5 → 0.5) and prototype 1 (hot at the
// left, similarity 0.8, weight 1 → 0.8). Class 1: prototype 2, hot in the middle of the top row.
const handModel = (active?: boolean[]) =>
  handBuiltPrototypeModel({
    maps: [hot(4), hot(0, 0.8), [[0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]],
    weights: [[0.5, 0], [1, 0], [0, 2]],
    classOf: [0, 0, 1],
    active,
  });

describe('prototype activation explainer', () => {
  it("shows the target class's prototype with the largest contribution, upsampled and scaled to [0, 1]", async () => {
    const images = tf.zeros([1, 4, 20, 1]) as tf.Tensor4D;
    const heatmaps = await createPrototypeActivationExplainer(handModel()).attribute(images, { target: 0 });
    expect(heatmaps).toMatchObject({ height: 4, width: 20, targets: [0], scale: 'unit' });
    const map = heatmaps.maps[0]!;
    // Prototype 1 (0.8 > 0.5), hot at column 0. Its upsampled profile (×0.8, which min-max removes):
    // column 0 peaks at 1 − keys(1.375), column 7 dips to keys(1.375) < 0, columns ≥ 10 are 0.
    const [peak, dip] = [1 - keys(1.375), keys(1.375)];
    for (let y = 0; y < 4; y++) {
      expect(map[y * 20]).toBeCloseTo(1, 5);
      expect(map[y * 20 + 7]).toBeCloseTo(0, 5);
      expect(map[y * 20 + 15]).toBeCloseTo(-dip / (peak - dip), 5);
      expect(map[y * 20 + 1]).toBeCloseTo((1 - keys(1.125) - dip) / (peak - dip), 5);
    }
    images.dispose();
  });

  it('explains the predicted class by default, per image, batch by batch', async () => {
    const images = tf.zeros([3, 4, 20, 1]) as tf.Tensor4D;
    const progress: number[] = [];
    const heatmaps = await createPrototypeActivationExplainer(handModel()).attribute(images, { batchSize: 2, onProgress: (done) => progress.push(done) });
    // logits: class 0 = 1.3, class 1 = 2 → class 1, whose only prototype is hot at (0, 2): latent columns
    // 2 → pixel columns 8..11 hold the peak in the top rows.
    expect(heatmaps.targets).toEqual([1, 1, 1]);
    expect(progress).toEqual([2, 3]);
    const map = heatmaps.maps[2]!;
    const brightest = map.indexOf(Math.max(...map));
    expect(Math.floor(brightest / 20)).toBeLessThan(2);
    expect(brightest % 20).toBeGreaterThanOrEqual(8);
    expect(brightest % 20).toBeLessThan(12);
    const perImage = await createPrototypeActivationExplainer(handModel()).attribute(images, { target: [0, 1, 0] });
    expect(perImage.targets).toEqual([0, 1, 0]);
    expect(perImage.maps[0]![0]).toBeCloseTo(1, 5);
    images.dispose();
  });

  it('keeps only the high-activation region when a percentile is given', async () => {
    const images = tf.zeros([1, 4, 20, 1]) as tf.Tensor4D;
    const [map] = (await createPrototypeActivationExplainer(handModel(), { percentile: 95 }).attribute(images, { target: 0 })).maps;
    // 80 pixels; rank 75.05 falls between column 1's and column 0's level: column 0 alone survives.
    map!.forEach((v, i) => (i % 20 === 0 ? expect(v).toBeCloseTo(1, 5) : expect(v).toBe(0)));
    images.dispose();
  });

  it('skips pruned prototypes and says when a class has none left', async () => {
    const images = tf.zeros([1, 4, 20, 1]) as tf.Tensor4D;
    const withoutOne = await createPrototypeActivationExplainer(handModel([true, false, true])).attribute(images, { target: 0 });
    // Prototype 1 pruned: prototype 0 (hot at column 19) is shown.
    expect(withoutOne.maps[0]![19]).toBeCloseTo(1, 5);
    await expect(createPrototypeActivationExplainer(handModel([true, true, false])).attribute(images, { target: 1 })).rejects.toThrow(ExplainInputError);
    await expect(createPrototypeActivationExplainer(handModel()).attribute(images, { target: 5 })).rejects.toThrow(ExplainInputError);
    images.dispose();
  });

  it('refuses a model without prototype hooks and a percentile outside [0, 100]', () => {
    const { hooks, ...plain } = handModel();
    expect(hooks).toBeDefined();
    expect(() => createPrototypeActivationExplainer(plain)).toThrow(UnsupportedModelError);
    expect(() => createPrototypeActivationExplainer(handModel(), { percentile: -1 })).toThrow(ExplainInputError);
  });

  it('matches an independent recomputation on a small ProtoPNet and frees its tensors', async () => {
    const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 3, seed: 5 };
    const { model } = createMethodModel('protopnet', { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, prototypesPerClass: 2, prototypeDepth: 8 }, context);
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const heatmaps = await createPrototypeActivationExplainer(explainableModel(model, 3, 'protopnet')).attribute(images, { target: [1, 2] });
    expect(tf.memory().numTensors).toBe(before);
    const hooks = model.explain!;
    const expected = tf.tidy(() => {
      const maps = hooks.prototypes!.similarityMaps(hooks.features(images));
      const evidence = tf.max(maps, [1, 2]).arraySync() as number[][];
      const weights = hooks.prototypes!.classWeights().arraySync();
      return [1, 2].map((target, b) => {
        // Own prototypes of class t are 2t and 2t + 1.
        const own = [2 * target, 2 * target + 1];
        const best = own.reduce((x, y) => (evidence[b]![y]! * weights[y]![target]! > evidence[b]![x]! * weights[x]![target]! ? y : x));
        const up = resizeBicubic(tf.slice(maps, [b, 0, 0, best], [1, -1, -1, 1]), [16, 16]).dataSync();
        const [lo, hi] = [Math.min(...up), Math.max(...up)];
        return Array.from(up, (v) => (v - lo) / (hi - lo));
      });
    });
    heatmaps.maps.forEach((map, b) => expected[b]!.forEach((v, i) => expect(map[i]).toBeCloseTo(v, 4)));
    images.dispose();
    model.dispose();
  });
});
