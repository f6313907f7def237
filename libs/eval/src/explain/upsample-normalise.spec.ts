import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { batchRanges } from './batches';
import { expectClose } from './spec-helpers';
import { normaliseMinMax, upsampleBilinear } from './upsample-normalise';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('upsampleBilinear', () => {
  it('matches half-pixel-centre interpolation (OpenCV INTER_LINEAR) on a hand case', () => {
    // 2 → 3 along width: source x = (o + ½)·2/3 − ½ = −1/6, ½, 7/6 → clamped 0, midpoint, clamped 1.
    // 1 → 2 along height: both rows copy the single source row.
    const maps = tf.tensor3d([[[2, 8]]]);
    const up = upsampleBilinear(maps, [2, 3]);
    expectClose(up.dataSync(), [2, 5, 8, 2, 5, 8]);
    // 3 → 6: x = o/2 − ¼: weights per output (1,0), (¾,¼), (¼,¾), (¾ of 1, ¼ of 2), (¼, ¾), (0, 1).
    const row = upsampleBilinear(tf.tensor3d([[[0, 4, 8]]]), [1, 6]);
    expectClose(row.dataSync(), [0, 1, 3, 5, 7, 8]);
    tf.dispose([maps, up, row]);
  });
});

describe('normaliseMinMax', () => {
  it('scales each map to [0, 1] on its own and turns a constant map into zeros', () => {
    const maps = tf.tensor3d([[[1, 3], [5, 9]], [[-2, -2], [-2, -2]], [[0, 0], [0, 0]]]);
    const scaled = normaliseMinMax(maps);
    expectClose(scaled.dataSync(), [0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    tf.dispose([maps, scaled]);
  });

  it('treats float rounding noise on a constant map as constant', () => {
    const maps = tf.tensor3d([[[0.3, 0.3 + 1e-8], [0.3, 0.3]]]);
    const scaled = normaliseMinMax(maps);
    expect(Array.from(scaled.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([maps, scaled]);
  });
});

describe('batchRanges', () => {
  it('covers every index once in chunks of at most the batch size', () => {
    expect(batchRanges(7, 3)).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(batchRanges(2, 5)).toEqual([[0, 2]]);
  });
});
