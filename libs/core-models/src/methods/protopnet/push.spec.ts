import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import type { MethodBatch } from '../method';
import { choosePushSources, pushPrototypes } from './push';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/**
 * Four 2×2 "images" whose pixels are used directly as latent cells (depth 2), labels [0, 0, 1, 1].
 * Image 0 has the cell (1, 1)·0.9 at (0, 1); image 1 has (1, 1) exactly at (1, 0): prototype
 * (1, 1) of class 0 must project onto image 1, cell (1, 0).
 */
function images(): number[][][][] {
  return [
    [[[0, 0], [0.9, 0.9]], [[5, 5], [5, 5]]],
    [[[4, 4], [4, 4]], [[1, 1], [3, 3]]],
    [[[2, 0], [0, 2]], [[7, 7], [7, 7]]],
    [[[0, 3], [3, 0]], [[6, 6], [6, 6]]],
  ];
}

function source(batchSize: number) {
  return function* (): Iterable<MethodBatch> {
    const all = images();
    for (let s = 0; s < all.length; s += batchSize) {
      const part = all.slice(s, s + batchSize);
      yield {
        images: tf.tensor4d(part),
        labels: tf.tensor1d([0, 0, 1, 1].slice(s, s + batchSize), 'int32'),
        ids: ['a', 'b', 'c', 'd'].slice(s, s + batchSize),
      };
    }
  };
}

const common = {
  latent: (x: tf.Tensor4D) => tf.clone(x),
  receptiveField: (h: number, w: number) => ({ hStart: h * 4, hEnd: h * 4 + 4, wStart: w * 4, wEnd: w * 4 + 4 }),
  imageShape: [8, 8] as [number, number],
};

describe('pushPrototypes', () => {
  it('records the k nearest training patches of each pushed prototype, one per image, of any class', () => {
    const prototypes = tf.variable(tf.tensor2d([[1, 1], [0, 0], [2, 0.1], [0.2, 2.9]]));
    const records = pushPrototypes({ ...common, batches: source(3), prototypes, prototypeClass: [0, 0, 1, 1], distinctImages: 'none', nearest: 3 });
    // Prototype 0, pushed to (1, 1): best cells a (0.9, 0.9) → 0.02, b (1, 1) → 0, c (2, 0) → 2, d (0, 3) → 5.
    expect(records[0]!.nearestPatches!.map((n) => [n.imageId, n.class, n.latentH, n.latentW])).toEqual([['b', 0, 1, 0], ['a', 0, 0, 1], ['c', 1, 0, 0]]);
    expect(records[0]!.nearestPatches!.map((n) => n.distance)).toEqual([0, 0.02, 2].map((v) => expect.closeTo(v, 5)));
    expect(records[0]!.nearestPatches![1]!.receptiveField).toEqual({ hStart: 0, hEnd: 4, wStart: 4, wEnd: 8 });
    // Prototype 3, pushed to (0, 3): d (0, 3) → 0, c (0, 2) → 1, b (1, 1) → 5, a (0.9, 0.9) → 5.22.
    expect(records[3]!.nearestPatches!.map((n) => [n.imageId, n.distance])).toEqual([['d', expect.closeTo(0, 5)], ['c', expect.closeTo(1, 5)], ['b', expect.closeTo(5, 5)]]);
    // Without `nearest` nothing is recorded.
    const plain = pushPrototypes({ ...common, batches: source(2), prototypes: tf.variable(tf.tensor2d([[1, 1], [0, 0], [2, 0], [0, 3]])), prototypeClass: [0, 0, 1, 1], distinctImages: 'none' });
    expect(plain.every((r) => r.nearestPatches === undefined)).toBe(true);
  });

  it('projects each prototype onto the global argmin patch of its class and records where', () => {
    const prototypes = tf.variable(tf.tensor2d([[1, 1], [0, 0], [2, 0.1], [0.2, 2.9]]));
    const records = pushPrototypes({ ...common, batches: source(3), prototypes, prototypeClass: [0, 0, 1, 1], distinctImages: 'none' });
    // (1,1) → image b cell (1,0), distance 0; (0,0) → image a cell (0,0), distance 0;
    // (2,0.1) → image c cell (0,0): (0)² + (0.1)² = 0.01; (0.2,2.9) → image d cell (0,0) = (0,3): 0.04 + 0.01 = 0.05.
    expect(records.map((r) => [r.imageId, r.latentH, r.latentW])).toEqual([['b', 1, 0], ['a', 0, 0], ['c', 0, 0], ['d', 0, 0]]);
    expect(records.map((r) => r.distance)).toEqual([0, 0, 0.01, 0.05].map((v) => expect.closeTo(v, 5)));
    expect(prototypes.arraySync()).toEqual([[1, 1], [0, 0], [2, 0], [0, 3]]);
    expect(records[0]!.receptiveField).toEqual({ hStart: 4, hEnd: 8, wStart: 0, wEnd: 4 });
    // The similarity map peaks at the chosen cell, and the high-activation box covers that cell's pixels.
    const map = records[3]!.activationMap;
    expect(map.indexOf(Math.max(...map))).toBe(0);
    expect(records[3]!.highActivation).toMatchObject({ hStart: 0, wStart: 0 });
    expect(records[3]!.highActivation.wEnd).toBeLessThanOrEqual(4);
    expect(records.every((r) => !r.sharedImage)).toBe(true);
  });

  it('diverse push gives every prototype its own image where plain push lets two share one', () => {
    // Both class-0 prototypes are nearest to image b; plain push puts both there.
    const start = [[1, 1], [1.1, 1.1], [2, 0], [0, 3]];
    const plain = pushPrototypes({ ...common, batches: source(2), prototypes: tf.variable(tf.tensor2d(start)), prototypeClass: [0, 0, 1, 1], distinctImages: 'none' });
    expect(plain.map((r) => r.imageId)).toEqual(['b', 'b', 'c', 'd']);
    const diverse = pushPrototypes({ ...common, batches: source(2), prototypes: tf.variable(tf.tensor2d(start)), prototypeClass: [0, 0, 1, 1], distinctImages: 'global' });
    // Prototype 0 (visited first) keeps b; prototype 1 takes its nearest remaining image, a: cell (0,1) = (0.9, 0.9).
    expect(diverse.map((r) => r.imageId)).toEqual(['b', 'a', 'c', 'd']);
    expect(diverse[1]!.distance).toBeCloseTo(2 * 0.2 ** 2, 5);
    expect(new Set(diverse.map((r) => r.imageId)).size).toBe(4);
  });

  it('flags a prototype that finds no free image instead of failing', () => {
    const chosen = choosePushSources(
      [[{ imageIndex: 0, distance: 1, cell: 0 }], [{ imageIndex: 0, distance: 2, cell: 1 }]],
      [0, 0],
      'per-class',
    );
    expect(chosen.map((c) => [c.imageIndex, c.shared])).toEqual([[0, false], [0, true]]);
  });

  it('leaks no tensors', () => {
    const prototypes = tf.variable(tf.tensor2d([[1, 1], [0, 0], [2, 0.1], [0.2, 2.9]]));
    const before = tf.memory().numTensors;
    pushPrototypes({ ...common, batches: source(2), prototypes, prototypeClass: [0, 0, 1, 1], distinctImages: 'none' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
