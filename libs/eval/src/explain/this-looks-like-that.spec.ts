import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel, type MethodModel } from '@protoscope/core-models';
import { ExplainInputError, UnsupportedModelError } from './errors';
import { explainableModel } from './explainable-model';
import { handBuiltPrototypeModel } from './testing/hand-built-prototype-model';
import { keys } from './testing/keys-kernel';
import { explainPrediction, prototypeActivationMaps } from './this-looks-like-that';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// Two latent rows × five columns, upsampled to a 4 × 20 image (×2 rows, ×4 columns).
const hot = (column: number, value = 1) => [0, 1].map(() => [0, 1, 2, 3, 4].map((c) => (c === column ? value : 0)));
const handModel = () =>
  handBuiltPrototypeModel({
    maps: [hot(4), hot(0, 0.8), [[0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]],
    weights: [[0.5, 0], [1, 0], [0, 2]],
    classOf: [0, 0, 1],
  });
const images = (batch: number) => tf.zeros([batch, 4, 20, 1]) as tf.Tensor4D;

describe('prototypeActivationMaps on a hand-built map', () => {
  it('upsamples bicubically and boxes the top 5 % — one whole column, found by hand', () => {
    const input = images(1);
    const [right, left] = prototypeActivationMaps(handModel(), input, [0, 1])[0]!;
    // Map [0,0,0,0,1] along columns: output column o samples s = (o + ½)/4 − ½ with edge-clamped taps.
    // o = 19: s = 4.375, taps 3,4,4,4 → 1 − keys(1.375) = 1.10986…; o = 18: 1 − keys(1.125) = 1.07178…;
    // o = 12: s = 2.625, only tap 4 is hot → keys(1.375) = −0.10986… (the undershoot); o ≤ 9: 0.
    // 80 pixels: the 95th percentile (rank 75.05) lies between column 18's and column 19's level,
    // so exactly column 19 (all 4 rows) passes.
    expect(right!.prototype).toBe(0);
    expect(right!.class).toBe(0);
    expect(right!.similarity).toBeCloseTo(1, 6);
    expect(right!.location).toEqual({ h: 0, w: 4 });
    expect(right!.receptiveField).toEqual({ hStart: 0, hEnd: 2, wStart: 16, wEnd: 20 });
    expect(right!.highActivation).toEqual({ hStart: 0, hEnd: 4, wStart: 19, wEnd: 20 });
    expect(right!.activation).toHaveLength(80);
    for (let y = 0; y < 4; y++) {
      expect(right!.activation[y * 20 + 19]).toBeCloseTo(1 - keys(1.375), 5);
      expect(right!.activation[y * 20 + 18]).toBeCloseTo(1 - keys(1.125), 5);
      expect(right!.activation[y * 20 + 12]).toBeCloseTo(keys(1.375), 5);
      expect(right!.activation[y * 20 + 3]).toBeCloseTo(0, 6);
    }
    // The mirror image (hot first column, scaled by 0.8): same profile reversed.
    expect(left!.similarity).toBeCloseTo(0.8, 6);
    expect(left!.location).toEqual({ h: 0, w: 0 });
    expect(left!.highActivation).toEqual({ hStart: 0, hEnd: 4, wStart: 0, wEnd: 1 });
    expect(left!.activation[0]).toBeCloseTo(0.8 * (1 - keys(1.375)), 5);
    input.dispose();
  });

  it('rejects a prototype the model does not have', () => {
    const input = images(1);
    expect(() => prototypeActivationMaps(handModel(), input, [3])).toThrow(ExplainInputError);
    input.dispose();
  });
});

describe('explainPrediction on a hand-built model', () => {
  it('ranks by similarity × weight, not similarity, and decomposes the logit', () => {
    const input = images(2);
    // logit 0 = 1·0.5 + 0.8·1 = 1.3, logit 1 = 1·2 = 2 → predicted 1.
    const [byPrediction, byClass0] = [explainPrediction(handModel(), input, { k: 1 })[0]!, explainPrediction(handModel(), input, { k: 2, target: 0 })[1]!];
    expect(byPrediction.predicted).toBe(1);
    expect(byPrediction.target).toBe(1);
    expect(byPrediction.logits.map((v) => Number(v.toFixed(5)))).toEqual([1.3, 2]);
    expect(byPrediction.prototypes.map((p) => [p.prototype, p.contribution])).toEqual([[2, expect.closeTo(2, 5)]]);
    expect(byPrediction.prototypes[0]!.location).toEqual({ h: 0, w: 2 });
    // Prototype 1 matches less (0.8 < 1) but weighs more (1 > 0.5): it comes first.
    expect(byClass0.target).toBe(0);
    expect(byClass0.prototypes.map((p) => p.prototype)).toEqual([1, 0]);
    expect(byClass0.prototypes.map((p) => p.contribution)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.5, 5)]);
    expect(byClass0.prototypes.map((p) => p.weight)).toEqual([1, 0.5]);
    expect(byClass0.prototypeTotal).toBeCloseTo(1.3, 5);
    input.dispose();
  });

  it('checks its arguments and needs a prototype layer', () => {
    const input = images(2);
    expect(() => explainPrediction(handModel(), input, { k: 0 })).toThrow(ExplainInputError);
    expect(() => explainPrediction(handModel(), input, { target: 2 })).toThrow(ExplainInputError);
    expect(() => explainPrediction(handModel(), input, { target: [0] })).toThrow(ExplainInputError);
    expect(() => explainPrediction(handModel(), input, { percentile: 101 })).toThrow(ExplainInputError);
    const { hooks, ...plain } = handModel();
    expect(hooks).toBeDefined();
    expect(() => explainPrediction(plain, input)).toThrow(UnsupportedModelError);
    input.dispose();
  });
});

const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } };
const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 3, seed: 5 };
const protoConfig = { ...small, prototypesPerClass: 2, prototypeDepth: 8 };

/** Independent recomputation from the raw hooks: per image and prototype, the map's max and first argmax. */
function reference(model: MethodModel, input: tf.Tensor4D) {
  const hooks = model.explain!;
  return tf.tidy(() => {
    const features = hooks.features(input);
    const maps = hooks.prototypes!.similarityMaps(features).arraySync();
    const weights = hooks.prototypes!.classWeights().arraySync();
    const logits = hooks.logitsFromFeatures(features).arraySync();
    let pooled = logits.map((row) => row.map(() => 0));
    if (hooks.pooledClassifier) {
      const { weights: pw, bias } = hooks.pooledClassifier();
      pooled = tf.add(tf.matMul(tf.mean(features, [1, 2]) as tf.Tensor2D, pw), bias).arraySync() as number[][];
    }
    const peaks = maps.map((image) =>
      weights.map((_, j) => {
        let best = { similarity: -Infinity, h: -1, w: -1 };
        image.forEach((row, h) => row.forEach((cell, w) => (cell[j]! > best.similarity ? (best = { similarity: cell[j]!, h, w }) : undefined)));
        return best;
      }),
    );
    return { peaks, weights, logits, pooled };
  });
}

describe.each([
  ['protopnet', protoConfig],
  ['braix-protopnet-pp', protoConfig],
])('explainPrediction on a small %s', (id, config) => {
  it('lists the top-k contributions a recomputation from the similarity maps gives, and they add up to the logit', () => {
    const { model } = createMethodModel(id, config, context);
    const input = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const explanations = explainPrediction(explainableModel(model, 3, id), input, { k: 3, target: [2, 0] });
    expect(tf.memory().numTensors).toBe(before);
    const ref = reference(model, input);
    const receptiveField = model.explain!.receptiveField([16, 16]);
    explanations.forEach((explanation, b) => {
      const target = [2, 0][b]!;
      const contributions = ref.peaks[b]!.map((peak, j) => ({ j, value: peak.similarity * ref.weights[j]![target]! }));
      const expectedTop = [...contributions].sort((x, y) => y.value - x.value).slice(0, 3);
      expect(explanation.target).toBe(target);
      expect(explanation.predicted).toBe(ref.logits[b]!.indexOf(Math.max(...ref.logits[b]!)));
      expect(explanation.prototypes.map((p) => p.prototype)).toEqual(expectedTop.map((c) => c.j));
      explanation.prototypes.forEach((p, i) => {
        const peak = ref.peaks[b]![p.prototype]!;
        expect(p.contribution).toBeCloseTo(expectedTop[i]!.value, 4);
        expect(p.similarity).toBeCloseTo(peak.similarity, 5);
        expect(p.class).toBe(Math.floor(p.prototype / 2));
        expect(p.location).toEqual({ h: peak.h, w: peak.w });
        expect(p.receptiveField).toEqual(receptiveField(peak.h, peak.w));
        expect(p.activation).toHaveLength(256);
        // The brightest upsampled pixel is always at or above the 95th percentile, so inside the box.
        const brightest = p.activation.indexOf(Math.max(...p.activation));
        const [y, x] = [Math.floor(brightest / 16), brightest % 16];
        expect(y >= p.highActivation.hStart && y < p.highActivation.hEnd && x >= p.highActivation.wStart && x < p.highActivation.wEnd).toBe(true);
      });
      // Σ all prototypes' contributions + the pooled branch (BRAIx's GlobalNet; none for ProtoPNet) = the logit.
      const total = contributions.reduce((s, c) => s + c.value, 0);
      expect(explanation.prototypeTotal).toBeCloseTo(total, 4);
      expect(total + ref.pooled[b]![target]!).toBeCloseTo(ref.logits[b]![target]!, 4);
      expect(explanation.logits[target]).toBeCloseTo(ref.logits[b]![target]!, 4);
    });
    input.dispose();
    model.dispose();
  });
});

describe('explainPrediction and pruning', () => {
  it('never lists a pruned prototype', () => {
    const { model } = createMethodModel('protopnet', protoConfig, context);
    const active = model.variables().get('prototypes/active')!;
    const last = model.variables().get('last/weights')!;
    const keep = tf.tensor1d([1, 0, 1, 1, 1, 1]);
    active.assign(keep);
    last.assign(tf.mul(last, tf.expandDims(keep, 1)));
    keep.dispose();
    const input = tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const [explanation] = explainPrediction(explainableModel(model, 3, 'protopnet'), input, { k: 6, target: 0 });
    expect(explanation!.prototypes.map((p) => p.prototype).sort()).toEqual([0, 2, 3, 4, 5]);
    input.dispose();
    model.dispose();
  });

  it('refuses a model without prototypes', () => {
    const { model } = createMethodModel('global', small, context);
    const input = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D;
    expect(() => explainPrediction(explainableModel(model, 3, 'global'), input)).toThrow(/global.*prototype layer/);
    input.dispose();
    model.dispose();
  });
});
