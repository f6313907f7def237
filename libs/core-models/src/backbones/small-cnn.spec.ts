import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../parameters/parameter-set';
import { BackboneInputError } from './backbone';
import { makeFiltersPositive, observeFields } from './receptive-field.testing';
import { SmallCnn } from './small-cnn';
import { expectGradientsEverywhere, expectStableMemory } from './training.testing';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const defaults = { widths: [32, 64, 128], poolAfterLast: true };

describe('SmallCnn', () => {
  test.each([
    [28, 1, 3],
    [28, 3, 3],
    [64, 1, 8],
    [64, 3, 8],
    [65, 1, 8],
    [65, 3, 8],
  ])('%i px, %i channel(s) → %i×%i×128', (size, channels, out) => {
    const cnn = new SmallCnn({ ...defaults, inChannels: channels }, 1);
    const x = tf.randomUniform([2, size, size, channels], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = cnn.apply(x, { training: false });
    expect(y.shape).toEqual([2, out, out, 128]);
    expect(cnn.outputSize(size)).toEqual([out, out]);
    expect(cnn.outChannels).toBe(128);
    tf.dispose([x, y]);
    cnn.params.dispose();
  });

  test('parameters: named per block, no conv bias (batch norm follows), 4 blocks of geometry', () => {
    const cnn = new SmallCnn({ inChannels: 1, widths: [4, 8], poolAfterLast: false }, 1, new ParameterSet(), 'net/backbone');
    expect(cnn.params.names()).toEqual([
      'net/backbone/block1/conv/filter',
      'net/backbone/block1/bn/gamma',
      'net/backbone/block1/bn/beta',
      'net/backbone/block1/bn/moving_mean',
      'net/backbone/block1/bn/moving_var',
      'net/backbone/block2/conv/filter',
      'net/backbone/block2/bn/gamma',
      'net/backbone/block2/bn/beta',
      'net/backbone/block2/bn/moving_mean',
      'net/backbone/block2/bn/moving_var',
    ]);
    expect(cnn.layerGeometry.map((g) => `${g.kernel}/${g.stride}`)).toEqual(['3/1', '2/2', '3/1']);
    expect(cnn.outputSize([20, 12])).toEqual([10, 6]);
    cnn.params.dispose();
  });

  test('applyStages returns each block output; bad inputs get readable errors', () => {
    const cnn = new SmallCnn({ ...defaults, inChannels: 1 }, 1);
    const x = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D;
    const stages = cnn.applyStages(x, { training: false });
    expect(stages.map((s) => s.shape)).toEqual([[1, 8, 8, 32], [1, 4, 4, 64], [1, 2, 2, 128]]);
    expect(cnn.receptiveField(16, 0).outputSize).toEqual([8, 8]);
    const rgb = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    expect(() => cnn.apply(rgb, { training: false })).toThrow(BackboneInputError);
    expect(() => cnn.apply(rgb, { training: false })).toThrow(/\[batch, height, width, 1\], got \[1, 16, 16, 3\]/);
    const tiny = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => cnn.apply(tiny, { training: false })).toThrow(/4 px shrinks to nothing at spatial layer 6/);
    tf.dispose([x, rgb, tiny, stages]);
    cnn.params.dispose();
  });

  test('the same seed builds the same network; another seed a different one', () => {
    const a = new SmallCnn({ ...defaults, inChannels: 1 }, 5);
    const b = new SmallCnn({ ...defaults, inChannels: 1 }, 5);
    const c = new SmallCnn({ ...defaults, inChannels: 1 }, 6);
    const name = 'backbone/block3/conv/filter';
    expect(Array.from(b.params.get(name).dataSync())).toEqual(Array.from(a.params.get(name).dataSync()));
    expect(Array.from(c.params.get(name).dataSync())).not.toEqual(Array.from(a.params.get(name).dataSync()));
    [a, b, c].forEach((m) => m.params.dispose());
  });

  test.each([
    [[28, 28], 1],
    [[27, 21], 3],
  ] as const)('receptive-field boxes on %j px (%i channels) equal the pixels that change each output cell', (size, channels) => {
    const cnn = new SmallCnn({ inChannels: channels, widths: [2, 3, 4], poolAfterLast: true }, 3);
    makeFiltersPositive(cnn.params);
    const observed = observeFields((x) => cnn.apply(x, { training: false }), [size[0], size[1]], channels);
    const rf = cnn.receptiveField([size[0], size[1]]);
    expect(rf.size).toBe(22);
    expect(rf.jump).toBe(8);
    expect([observed.length, observed[0]!.length]).toEqual(rf.outputSize);
    observed.forEach((row, r) =>
      row.forEach((cell, c) => {
        const box = rf.box(r, c);
        expect(cell.box).toEqual(box);
        expect(cell.pixels).toBe((box.hEnd - box.hStart) * (box.wEnd - box.wStart));
        expect(rf.formulaBox(r, c)).toEqual(box);
      }),
    );
    cnn.params.dispose();
  });

  test('a training step on wasm gives every trainable variable a non-zero gradient', () => {
    const cnn = new SmallCnn({ inChannels: 1, widths: [4, 8, 8], poolAfterLast: true }, 2);
    expectGradientsEverywhere(cnn, [4, 28, 28, 1]);
    cnn.params.dispose();
  });

  test('tf.memory().numTensors is stable over training steps', () => {
    const cnn = new SmallCnn({ inChannels: 3, widths: [4, 8, 8], poolAfterLast: true }, 2);
    expectStableMemory(cnn, [4, 32, 32, 3], 4);
    cnn.params.dispose();
  });
});
