import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop } from '../../training/train-loop';
import { createMethodModel } from '../registry';
import { squaresSource } from '../testing/squares-source';
import type { AdaCamModel } from './adacam-method';
import { proportionalLocations, topLocations, windowAround } from './local-views';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('local views', () => {
  // 3 × 3 attention; the highest cells are 8 (index 4, centre), 7 (index 5, its neighbour), 6 (index 0).
  const attention = [6, 1, 2, 3, 8, 7, 0, 4, 5];

  it('takes the top cells, skipping neighbours of those taken while others remain', () => {
    expect(topLocations(attention, 3, 3, 2, 0)).toEqual([4, 5]);
    // Every cell neighbours the centre: with suppression 1 the rest fill in by value.
    expect(topLocations(attention, 3, 3, 2, 1)).toEqual([4, 5]);
    expect(topLocations([9, 8, 1, 7], 2, 2, 2, 1)).toEqual([0, 1]);
    expect(topLocations([9, 0, 0, 0, 0, 0, 8, 7], 2, 4, 2, 1)).toEqual([0, 6]);
    expect(topLocations(attention, 3, 3, 20, 1)).toHaveLength(9);
  });

  it('centres windows on the cell and shifts them inside the map', () => {
    expect(windowAround(4, 3, 3, 1)).toEqual({ top: 1, left: 1, size: 1 });
    expect(windowAround(4, 3, 3, 3)).toEqual({ top: 0, left: 0, size: 3 });
    expect(windowAround(0, 3, 3, 3)).toEqual({ top: 0, left: 0, size: 3 });
    // Cell (2, 3) of a 3 × 4 map, size 2: rows 2–3 would leave the map, so rows 1–2; columns 3–4 → 2–3.
    expect(windowAround(11, 4, 3, 2)).toEqual({ top: 1, left: 2, size: 2 });
    expect(windowAround(0, 2, 2, 5)).toEqual({ top: 0, left: 0, size: 2 });
  });

  it('draws cells with probability ∝ exp(attention / temperature), without replacement', () => {
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    let first = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const cells = proportionalLocations([0, Math.log(3)], 2, 1, random);
      expect(new Set(cells).size).toBe(2);
      if (cells[0] === 1) first++;
    }
    expect(first / n).toBeCloseTo(0.75, 1);
    expect(Math.abs(first / n - 0.75)).toBeLessThan(0.03);
    // A tiny temperature leaves only the top cell to draw first.
    expect(proportionalLocations([1, 5, 2], 1, 1e-3, random)).toEqual([1]);
  });
});

describe('adacam model', () => {
  const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 2, seed: 6 };
  const config = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, locations: 1, regionSizes: [1, 2] };
  const create = (extra: object = {}) => createMethodModel('adacam', { ...config, ...extra }, context).model as AdaCamModel;

  it('logits rebuilt from its explain hooks: mean softmax of the global view and the top cell’s 1×1 and 2×2 windows', () => {
    const model = create();
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const logits = model.forward({ images, labels: tf.tensor1d([0, 1], 'int32') }, { training: false }).logits.arraySync();
    const features = model.explain.features(images);
    expect(model.explain.logitsFromFeatures(features).arraySync().flat()).toEqual(logits.flat().map((v) => expect.closeTo(v, 5)));
    const { weights, bias } = model.explain.pooledClassifier!();
    const W = weights.arraySync();
    const b0 = bias.arraySync();
    const F = features.arraySync();
    const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((s, u) => s + Math.exp(u), 0));
    F.forEach((image, i) => {
      const h = image.length;
      const w = image[0]!.length;
      const G = image.map((row) => row.map((cell) => [0, 1].map((k) => b0[k]! + cell.reduce((s, v, c) => s + v * W[c]![k]!, 0))));
      const meanOver = (cells: Array<[number, number]>) => [0, 1].map((k) => cells.reduce((s, [y, x]) => s + G[y]![x]![k]!, 0) / cells.length);
      const all = G.flatMap((row, y) => row.map((_, x) => [y, x] as [number, number]));
      const global = meanOver(all);
      const f = softmax(global);
      let best: [number, number] = [0, 0];
      let bestValue = -Infinity;
      for (const [y, x] of all) {
        const a = f[0]! * G[y]![x]![0]! + f[1]! * G[y]![x]![1]!;
        if (a > bestValue) [best, bestValue] = [[y, x], a];
      }
      const [y, x] = best;
      const [y2, x2] = [Math.min(y, h - 2), Math.min(x, w - 2)];
      const views = [global, meanOver([[y, x]]), meanOver([[y2, x2], [y2, x2 + 1], [y2 + 1, x2], [y2 + 1, x2 + 1]])];
      const probs = [0, 1].map((k) => views.reduce((s, v) => s + softmax(v)[k]!, 0) / 3);
      expect(logits[i]!.map(Math.exp)).toEqual(probs.map((p) => expect.closeTo(p, 4)));
    });
    model.dispose();
  });

  it('loss = CE(global) + localWeight · mean CE(local views), by hand', () => {
    const model = create({ localWeight: 0.5 });
    const output = {
      logits: tf.zeros([1, 2]) as tf.Tensor2D,
      extras: { global: tf.tensor2d([[0, Math.log(3)]]), local: tf.tensor3d([[[0, 0], [Math.log(3), 0]]]) },
    };
    const { total, terms } = model.loss({ images: tf.zeros([1, 16, 16, 1]), labels: tf.tensor1d([1], 'int32') }, output);
    const local = (Math.log(2) + Math.log(4)) / 2;
    expect(terms['global']!.dataSync()[0]).toBeCloseTo(-Math.log(0.75), 5);
    expect(terms['local']!.dataSync()[0]).toBeCloseTo(local, 5);
    expect(total.dataSync()[0]).toBeCloseTo(-Math.log(0.75) + 0.5 * local, 5);
    model.dispose();
  });

  it.each(['top', 'proportional'])('trains with %s sampling, without leaking tensors', async (sampling) => {
    const model = create({ sampling, locations: 2 });
    const source = squaresSource(8, 3);
    const before = tf.memory().numTensors;
    const epochs: Record<string, number>[] = [];
    await trainLoop({ model, train: source, unaugmentedTrain: source, epochs: 5, evaluate: () => ({}), onEvent: (e) => void (e.kind === 'metrics' && epochs.push(e.values)) });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect(epochs.at(-1)!['train/global']!).toBeLessThan(epochs[0]!['train/global']!);
    expect(epochs.at(-1)!['train/local']!).toBeLessThan(epochs[0]!['train/local']!);
    model.dispose();
  });
});
