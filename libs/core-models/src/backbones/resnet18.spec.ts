import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { makeFiltersPositive, observeFields } from './receptive-field.testing';
import { ResNet18, resnetStemFor, type ResNet18Options } from './resnet18';
import { expectGradientsEverywhere, expectStableMemory } from './training.testing';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const base: ResNet18Options = { inChannels: 3, stem: 'small', widths: [64, 128, 256, 512], widthMultiplier: 1, blocks: [2, 2, 2, 2] };

function shapeOf(options: ResNet18Options, input: [number, number, number, number]): number[] {
  const net = new ResNet18(options, 1);
  const x = tf.randomUniform(input, 0, 1, 'float32', 2) as tf.Tensor4D;
  const y = net.apply(x, { training: false });
  expect(net.outputSize([input[1], input[2]])).toEqual(y.shape.slice(1, 3));
  const shape = y.shape;
  tf.dispose([x, y]);
  net.params.dispose();
  return shape;
}

describe('ResNet18', () => {
  test('full width, large stem, 224 px RGB, batch 1 → 7×7×512 (11.2 M parameters, as torchvision without fc)', () => {
    const net = new ResNet18({ ...base, stem: 'large' }, 1);
    expect(net.params.count()).toBe(11176512 + 2 * 4800); // + moving mean and var of every batch norm (4800 channels)
    expect(net.params.count() - net.params.state().reduce((n, v) => n + v.size, 0)).toBe(11176512);
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const y = net.apply(x, { training: false });
    expect(y.shape).toEqual([1, 7, 7, 512]);
    tf.dispose([x, y]);
    net.params.dispose();
  });

  test('full width, small stem, 28 px grey → 4×4×512', () => {
    expect(shapeOf({ ...base, inChannels: 1 }, [2, 28, 28, 1])).toEqual([2, 4, 4, 512]);
  });

  test.each([
    [28, 1, 4],
    [28, 3, 4],
    [64, 1, 8],
    [64, 3, 8],
    [65, 1, 9],
    [65, 3, 9],
  ])('small stem, ×0.25 width: %i px, %i channel(s) → %i×%i×128', (size, channels, out) => {
    expect(shapeOf({ ...base, inChannels: channels, widthMultiplier: 0.25 }, [2, size, size, channels])).toEqual([2, out, out, 128]);
  });

  test('large stem on 64 and 65 px and a non-square input', () => {
    const large = { ...base, stem: 'large' as const, widthMultiplier: 0.125 };
    expect(shapeOf({ ...large, inChannels: 1 }, [1, 64, 64, 1])).toEqual([1, 2, 2, 64]);
    expect(shapeOf(large, [1, 65, 65, 3])).toEqual([1, 3, 3, 64]);
    expect(shapeOf({ ...base, widthMultiplier: 0.125 }, [1, 48, 30, 3])).toEqual([1, 6, 4, 64]);
  });

  test('names follow torchvision; projection shortcuts only where the stride or width changes', () => {
    const net = new ResNet18({ ...base, widthMultiplier: 0.125 }, 1);
    const names = net.params.names();
    expect(names.slice(0, 2)).toEqual(['backbone/stem/conv/filter', 'backbone/stem/bn/gamma']);
    expect(names.filter((n) => n.endsWith('downsample/conv/filter'))).toEqual([
      'backbone/layer2/0/downsample/conv/filter',
      'backbone/layer3/0/downsample/conv/filter',
      'backbone/layer4/0/downsample/conv/filter',
    ]);
    expect(net.params.get('backbone/layer3/0/conv1/filter').shape).toEqual([3, 3, 16, 32]);
    expect(net.params.get('backbone/layer3/0/downsample/conv/filter').shape).toEqual([1, 1, 16, 32]);
    expect(net.stageNames).toEqual(['stem', 'layer1', 'layer2', 'layer3', 'layer4']);
    expect(net.layerGeometry).toHaveLength(1 + 16);
    // stem 3; layer1 four 3×3 at jump 1 (+8); layer2 +2 then three at jump 2 (+12); layer3 +4, +24; layer4 +8, +48.
    expect(net.receptiveField(32)).toMatchObject({ jump: 8, size: 3 + 8 + 14 + 28 + 56 });
    expect(resnetStemFor(224)).toBe('large');
    expect(resnetStemFor([512, 64])).toBe('small');
    net.params.dispose();
  });

  test('receptive-field boxes equal the pixels that change each output cell (one block per stage, 40×36 px)', () => {
    const net = new ResNet18({ ...base, inChannels: 1, widthMultiplier: 1 / 16, blocks: [1, 1, 1, 1] }, 4);
    makeFiltersPositive(net.params);
    const observed = observeFields((x) => net.apply(x, { training: false }), [40, 36], 1, 200);
    const rf = net.receptiveField([40, 36]);
    expect(rf.outputSize).toEqual([5, 5]);
    expect(rf.size).toBe(49);
    observed.forEach((row, r) => row.forEach((cell, c) => expect(cell.box).toEqual(rf.box(r, c))));
    net.params.dispose();
  });

  test('a training step on wasm gives every trainable variable a non-zero gradient (both stems)', () => {
    for (const stem of ['small', 'large'] as const) {
      const net = new ResNet18({ ...base, inChannels: 1, stem, widthMultiplier: 1 / 16 }, 3);
      expectGradientsEverywhere(net, stem === 'small' ? [4, 28, 28, 1] : [2, 64, 64, 1]);
      net.params.dispose();
    }
  });

  test('tf.memory().numTensors is stable over training steps', () => {
    const net = new ResNet18({ ...base, inChannels: 3, widthMultiplier: 1 / 16 }, 3);
    expectStableMemory(net, [4, 28, 28, 3], 3);
    net.params.dispose();
  });
});
