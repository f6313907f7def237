import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { logSimilarity, minDistances, prototypeDistances } from './prototype-distances';
import { initialLastLayer, nearestMaskedDistance, ownClassMask, prototypeClassIdentity, wrongClassL1 } from './prototype-losses';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('prototype distances', () => {
  it('are squared L2 distances from every cell to every prototype, checked by direct subtraction', () => {
    const latent = tf.tensor4d([[[[1, 0], [0, 2]]]]); // one image, 1×2 grid, depth 2
    const prototypes = tf.tensor2d([[1, 1], [0, 2], [3, 0]]);
    const d = prototypeDistances(latent, prototypes).arraySync()[0]![0]!;
    // cell (1,0): to (1,1) → 0+1 = 1; to (0,2) → 1+4 = 5; to (3,0) → 4+0 = 4
    // cell (0,2): to (1,1) → 1+1 = 2; to (0,2) → 0;       to (3,0) → 9+4 = 13
    expect(d).toEqual([[1, 5, 4], [2, 0, 13]].map((r) => r.map((v) => expect.closeTo(v, 5))));
    expect(Array.from(minDistances(prototypeDistances(latent, prototypes)).dataSync())).toEqual([1, 0, 4].map((v) => expect.closeTo(v, 5)));
  });

  it('log similarity is log((d+1)/(d+ε))', () => {
    const s = logSimilarity(tf.tensor1d([0, 1, 9]), 1e-4).dataSync();
    expect(s[0]).toBeCloseTo(Math.log(1 / 1e-4), 4);
    expect(s[1]).toBeCloseTo(Math.log(2 / 1.0001), 5);
    expect(s[2]).toBeCloseTo(Math.log(10 / 9.0001), 5);
  });
});

describe('ProtoPNet losses', () => {
  const identity = prototypeClassIdentity(2, 2); // prototypes 0,1 → class 0; 2,3 → class 1

  it('builds the class identity and the +1 / −0.5 last layer', () => {
    expect(identity.arraySync()).toEqual([[1, 0], [1, 0], [0, 1], [0, 1]]);
    expect(initialLastLayer(identity).arraySync()).toEqual([[1, -0.5], [1, -0.5], [-0.5, 1], [-0.5, 1]]);
  });

  it('cluster and separation are the mean nearest own- and other-class distances (hand case)', () => {
    const d = tf.tensor2d([
      [3, 1, 7, 2], // label 0: own {3,1} → 1; other {7,2} → 2
      [4, 6, 5, 9], // label 1: own {5,9} → 5; other {4,6} → 4
    ]);
    const own = ownClassMask(tf.tensor1d([0, 1], 'int32'), identity);
    expect(nearestMaskedDistance(d, own, 64).dataSync()[0]).toBeCloseTo((1 + 5) / 2, 5);
    expect(nearestMaskedDistance(d, tf.sub(1, own) as tf.Tensor2D, 64).dataSync()[0]).toBeCloseTo((2 + 4) / 2, 5);
  });

  it('L1 counts only wrong-class connections', () => {
    const w = tf.tensor2d([[2, -3], [1, 0.5], [-4, 6], [0.25, 1]]);
    expect(wrongClassL1(w, identity).dataSync()[0]).toBeCloseTo(3 + 0.5 + 4 + 0.25, 5);
  });
});
