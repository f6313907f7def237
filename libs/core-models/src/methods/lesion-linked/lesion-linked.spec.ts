import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop, type BatchSource } from '../../training/train-loop';
import type { MethodBatch } from '../method';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import { gradeFromPresence, gradeLogProbabilities } from './grade-from-lesions';
import type { LesionLinkedModel } from './lesion-linked-method';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const logit = (p: number) => Math.log(p / (1 - p));
const probabilities = (p: number[], severity: number[], grades: number) =>
  Array.from(tf.exp(gradeLogProbabilities(tf.tensor2d([p.map(logit)]), severity, grades)).dataSync());

describe('lesion → grade rule', () => {
  const severity = [1, 2, 3, 4]; // drusen, haemorrhage, exudate, scar

  it('takes the highest severity present on constructed presences', () => {
    expect(gradeFromPresence([false, false, false, false], severity)).toBe(0);
    expect(gradeFromPresence([true, false, false, false], severity)).toBe(1);
    expect(gradeFromPresence([true, false, true, false], severity)).toBe(3);
    expect(gradeFromPresence([false, true, false, true], severity)).toBe(4);
  });

  it('with certain presences gives all its probability to that grade, for all 16 combinations', () => {
    for (let mask = 0; mask < 16; mask++) {
      const present = severity.map((_, k) => ((mask >> k) & 1) === 1);
      const logits = tf.tensor2d([present.map((p) => (p ? 30 : -30))]);
      const probs = Array.from(tf.exp(gradeLogProbabilities(logits, severity, 5)).dataSync());
      const expected = [0, 1, 2, 3, 4].map((g) => (g === gradeFromPresence(present, severity) ? 1 : 0));
      expect(probs).toEqual(expected.map((v) => expect.closeTo(v, 6)));
    }
  });

  it('matches the hand-computed distribution for uncertain presences', () => {
    // p = (0.9, 0.4, 0.2, 0.1): P(0) = .1·.6·.8·.9, P(1) = .9·(.6·.8·.9), P(2) = .4·(.8·.9), P(3) = .2·.9, P(4) = .1.
    expect(probabilities([0.9, 0.4, 0.2, 0.1], severity, 5)).toEqual([0.0432, 0.3888, 0.288, 0.18, 0.1].map((v) => expect.closeTo(v, 5)));
    // Two lesion types of one severity: P(1) = P(none above) · (1 − (1 − .5)(1 − .5)).
    expect(probabilities([0.5, 0.5, 0.5], [1, 1, 2], 3)).toEqual([0.125, 0.375, 0.5].map((v) => expect.closeTo(v, 5)));
    // A grade no lesion type maps to gets nothing.
    expect(probabilities([0.5, 0.5], [1, 3], 4)[2]).toBeCloseTo(0, 9);
  });

  it('is monotone: a more likely lesion never makes any grade or above less likely', () => {
    const atLeast = (probs: number[]) => probs.map((_, g) => probs.slice(g).reduce((a, b) => a + b, 0));
    const base = [0.3, 0.6, 0.2, 0.4];
    for (let k = 0; k < 4; k++) {
      const raised = base.map((p, j) => (j === k ? p + 0.3 : p));
      const [before, after] = [atLeast(probabilities(base, severity, 5)), atLeast(probabilities(raised, severity, 5))];
      before.forEach((v, g) => expect(after[g]!).toBeGreaterThanOrEqual(v - 1e-6));
    }
  });
});

/** squaresSource with one lesion type 'square' (its label) of severity 1: grade = presence. */
function withLesions(source: BatchSource): BatchSource {
  return {
    batchCount: source.batchCount,
    *batches(epoch: number): Iterable<MethodBatch> {
      for (const batch of source.batches(epoch)) {
        const findings = tf.tidy(() => tf.expandDims(tf.cast(batch.labels, 'float32'), 1) as tf.Tensor2D);
        yield { ...batch, findings, findingKnown: tf.onesLike(findings) as tf.Tensor2D };
      }
    },
  };
}

describe('lesion-linked model', () => {
  const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 4, findings: ['square'] };
  const config = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, severity: { square: 1 }, learningRate: 3e-3 };
  const create = () => createMethodModel('lesion-linked', config, context).model as LesionLinkedModel;

  it('logits rebuilt from its explain hooks: presence = LSE₁₀ of the lesion’s own map, grade by the rule', () => {
    const model = create();
    const images = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const logits = model.forward({ images, labels: tf.tensor1d([0, 1, 0], 'int32') }, { training: false }).logits.arraySync();
    const features = model.explain.features(images);
    expect(model.explain.logitsFromFeatures(features).arraySync().flat()).toEqual(logits.flat().map((v) => expect.closeTo(v, 5)));
    const maps = model.explain.findingMaps!.maps(features).arraySync();
    maps.forEach((image, b) => {
      // Back from each cell's presence probability to its logit, then LSE pooling by hand.
      const cells = image.flat().map((cell) => logit(cell[0]!));
      const z = Math.log(cells.reduce((s, m) => s + Math.exp(10 * m), 0) / cells.length) / 10;
      const p = 1 / (1 + Math.exp(-z));
      expect(Math.exp(logits[b]![0]!)).toBeCloseTo(1 - p, 4);
      expect(Math.exp(logits[b]![1]!)).toBeCloseTo(p, 4);
    });
    model.dispose();
  });

  it('names what its data lacks', () => {
    expect(() => createMethodModel('lesion-linked', config, { ...context, findings: ['square', 'cyst'] })).toThrow(
      `lesion-linked: lesion type 'cyst' has no severity; add it to the config's "severity"`,
    );
    expect(() => createMethodModel('lesion-linked', { ...config, severity: { square: 2 } }, context)).toThrow("lesion-linked: severity 2 of 'square' is not a grade below 2");
    expect(() => createMethodModel('lesion-linked', config, { ...context, findings: undefined })).toThrow("lesion-linked: no lesion types; the data needs a multi-label task 'lesions'");
  });

  it('learns grade and presence from image-level labels without leaking tensors', async () => {
    const model = create();
    const source = withLesions(squaresSource(7, 4));
    const before = tf.memory().numTensors;
    const epochs: Record<string, number>[] = [];
    await trainLoop({ model, train: source, unaugmentedTrain: source, epochs: 6, evaluate: () => ({}), onEvent: (e) => void (e.kind === 'metrics' && epochs.push(e.values)) });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect(epochs.at(-1)!['train/grade']!).toBeLessThan(epochs[0]!['train/grade']! * 0.8);
    expect(epochs.at(-1)!['train/presence']!).toBeLessThan(epochs[0]!['train/presence']!);
    model.dispose();
  });
});
