import * as tf from '@tensorflow/tfjs-core';
import { CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL, type BackendName, initEngine, resetEngineForTests, torchAddonBuiltForTests } from '@protoscope/engine';
import { ResNet18 } from '../backbones/resnet18';
import { joinName } from '../parameters/names';
import { ParameterSet } from '../parameters/parameter-set';
import { Activation } from './activation';
import { BatchNorm } from './batch-norm';
import { applyConvBlock, matchConvBlock } from './conv-block';
import { Conv2d } from './conv2d';
import type { Layer } from './layer';
import { MaxPool2d } from './max-pool2d';
import { Sequential } from './sequential';

/**
 * Convolution blocks (conv-block.ts): which layers fuse, a fold worked by hand, and inference through
 * the fused ops against the layers applied one by one (Sequential) and against ResNet written out
 * with tfjs's conv2d and batch norm's formula (BasicBlock), on wasm and, where built, torch.
 */

const torchBuilt = torchAddonBuiltForTests();
const BACKENDS: BackendName[] = ['wasm', ...(torchBuilt ? (['torch'] as const) : [])];

async function useBackend(backend: BackendName): Promise<void> {
  resetEngineForTests();
  await initEngine({ backend, log: () => undefined });
}
afterAll(() => resetEngineForTests());

/** Moves every batch norm off its start (γ 1, β 0, mean 0, var 1), so that a fold that ignored one would show. */
function randomiseBatchNorms(params: ParameterSet, seed: number): void {
  for (const name of params.names()) {
    const v = params.get(name);
    const at = seed++;
    if (name.endsWith('/gamma')) v.assign(tf.randomUniform(v.shape, 0.5, 1.5, 'float32', at));
    if (name.endsWith('/beta') || name.endsWith('/moving_mean')) v.assign(tf.randomUniform(v.shape, -0.3, 0.3, 'float32', at));
    if (name.endsWith('/moving_var')) v.assign(tf.randomUniform(v.shape, 0.5, 2, 'float32', at));
  }
}

function smallCnnBlock(params: ParameterSet, channels: number): Layer[] {
  return [
    new Conv2d(params, 'block/conv', { inChannels: 2, outChannels: channels, kernel: 3, padding: 1, bias: false }, 1),
    new BatchNorm(params, 'block/bn', { channels }, 1),
    new Activation('relu'),
    new MaxPool2d({ kernel: 2 }),
  ];
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('matchConvBlock', () => {
  beforeAll(() => useBackend('wasm'));

  test('takes a batch norm only in inference, and needs a bias or a batch norm', () => {
    const params = new ParameterSet();
    const layers = smallCnnBlock(params, 3);
    expect(matchConvBlock(layers, 0, { training: false })?.length).toBe(4);
    // In training the batch norm uses batch statistics: the convolution (no bias) runs on its own.
    expect(matchConvBlock(layers, 0, { training: true })).toBeNull();
    expect(matchConvBlock(layers, 1, { training: false })).toBeNull();

    const withBias = new Conv2d(params, 'biased', { inChannels: 2, outChannels: 3, kernel: 3 }, 2);
    const pool = new MaxPool2d({ kernel: 2 });
    expect(matchConvBlock([withBias, new Activation('relu'), pool], 0, { training: true })).toMatchObject({ length: 3, block: { activation: 'relu', pool } });
    expect(matchConvBlock([withBias, new Activation('sigmoid')], 0, { training: true })).toMatchObject({ length: 2, block: { activation: 'sigmoid' } });
    // GELU does not fuse; a convolution alone fuses its own activation in its own apply.
    expect(matchConvBlock([withBias, new Activation('gelu')], 0, { training: false })).toBeNull();
    expect(matchConvBlock([withBias], 0, { training: false })).toBeNull();
    const ownRelu = new Conv2d(params, 'own', { inChannels: 2, outChannels: 3, kernel: 3, activation: 'relu' }, 3);
    // The convolution's own ReLU comes before the next layer: a following activation is not fused over it.
    expect(matchConvBlock([ownRelu, new Activation('sigmoid'), pool], 0, { training: true })).toBeNull();
    expect(matchConvBlock([ownRelu, pool], 0, { training: true })).toMatchObject({ length: 2, block: { activation: 'relu', pool } });
    params.dispose();
  });
});

describe.each(BACKENDS)('convolution blocks on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  test('a batch norm folded into the filter and bias, worked by hand', () => {
    const params = new ParameterSet();
    // 1×1 filters 2 and −2; γ 3, β 1, mean 1 and −1, var 4, ε 0: scale 3/2 on both channels.
    const conv = new Conv2d(params, 'conv', { inChannels: 1, outChannels: 2, kernel: 1, bias: false }, 1);
    const bn = new BatchNorm(params, 'bn', { channels: 2, eps: 0 }, 1);
    conv.filter.assign(tf.tensor4d([2, -2], [1, 1, 1, 2]));
    bn.gamma.assign(tf.tensor1d([3, 3]));
    bn.beta.assign(tf.tensor1d([1, 1]));
    bn.movingMean.assign(tf.tensor1d([1, -1]));
    bn.movingVar.assign(tf.tensor1d([4, 4]));
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = applyConvBlock(x, { conv, batchNorm: bn, activation: 'relu', pool: new MaxPool2d({ kernel: 2 }) });
    // Channel 0: (2x − 1)·1.5 + 1 = 3x − 0.5 → 2.5 … 11.5, max 11.5. Channel 1: −3x + 2.5 < 0 → relu 0.
    expect(y.shape).toEqual([1, 1, 1, 2]);
    expect(Array.from(y.dataSync())).toEqual([11.5, 0]);
    tf.dispose([x, y]);
    params.dispose();
  });

  test('Sequential conv → batch norm → ReLU → max-pool: one op in inference, the same as layer by layer, nothing left behind', async () => {
    const params = new ParameterSet();
    const layers = smallCnnBlock(params, 5);
    randomiseBatchNorms(params, 7);
    const seq = new Sequential(layers);
    const x = tf.randomNormal([3, 9, 8, 2], 0, 1, 'float32', 3);
    const expected = layers.reduce<tf.Tensor>((h, layer) => {
      const next = layer.apply(h, { training: false });
      if (h !== x) h.dispose();
      return next;
    }, x);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      const y = seq.apply(x, { training: false });
      expect(y.shape).toEqual([3, 4, 4, 5]);
      expect(maxAbsDifference(y, expected)).toBeLessThan(1e-5);
      y.dispose();
    });
    expect(tf.memory().numTensors).toBe(before);
    if (backend === 'torch') {
      expect(profile.kernelNames).toContain(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL);
      expect(profile.kernelNames).not.toContain('MaxPool');
      expect(profile.kernelNames).not.toContain('Relu');
    }
    tf.dispose([x, expected]);
    params.dispose();
  });

  test('in training the batch norm still uses the batch statistics and moves its moving ones', () => {
    const params = new ParameterSet();
    const layers = smallCnnBlock(params, 4);
    randomiseBatchNorms(params, 11);
    const bn = layers[1] as BatchNorm;
    const x = tf.randomNormal([4, 6, 6, 2], 0, 1, 'float32', 5);
    const meanBefore = Array.from(bn.movingMean.dataSync());
    const y = new Sequential(layers).apply(x, { training: true });
    // Batch statistics: before pooling each channel has mean 0 and variance 1 scaled by γ and shifted by β;
    // check the moving mean moved instead (momentum 0.1 towards the batch mean of conv(x)).
    const convolved = (layers[0] as Conv2d).apply(x);
    const batchMean = Array.from(tf.tidy(() => tf.mean(convolved, [0, 1, 2])).dataSync());
    Array.from(bn.movingMean.dataSync()).forEach((m, c) => expect(m).toBeCloseTo(0.9 * meanBefore[c]! + 0.1 * batchMean[c]!, 5));
    tf.dispose([x, y, convolved]);
    params.dispose();
  });

  test('ResNet-18 in inference (large stem with its 3×3 pooling, projection shortcuts) equals ResNet written out with batch norm’s formula', () => {
    const net = new ResNet18({ inChannels: 2, stem: 'large', widths: [8, 12, 16, 20], widthMultiplier: 1, blocks: [1, 1, 1, 1] }, 3);
    randomiseBatchNorms(net.params, 13);
    const p = (name: string) => net.params.get(joinName('backbone', name));
    const convBn = (h: tf.Tensor4D, conv: string, bn: string, stride: number, pad: number): tf.Tensor4D => {
      const z = tf.conv2d(h, p(`${conv}/filter`) as tf.Tensor4D, stride, pad);
      return tf.add(tf.mul(tf.div(tf.sub(z, p(`${bn}/moving_mean`)), tf.sqrt(tf.add(p(`${bn}/moving_var`), 1e-5))), p(`${bn}/gamma`)), p(`${bn}/beta`));
    };
    const x = tf.randomNormal([2, 32, 32, 2], 0, 1, 'float32', 9) as tf.Tensor4D;
    const expected = tf.tidy(() => {
      let h = tf.maxPool(tf.relu(convBn(x, 'stem/conv', 'stem/bn', 2, 3)), 3, 2, 1);
      [1, 2, 3, 4].forEach((stage) => {
        const stride = stage === 1 ? 1 : 2;
        const block = `layer${stage}/0`;
        const main = convBn(tf.relu(convBn(h, `${block}/conv1`, `${block}/bn1`, stride, 1)), `${block}/conv2`, `${block}/bn2`, 1, 1);
        // layer1 keeps the stem's 8 channels at stride 1: no projection there.
        const shortcut = stage === 1 ? h : convBn(h, `${block}/downsample/conv`, `${block}/downsample/bn`, stride, 0);
        h = tf.relu(tf.add(main, shortcut)) as tf.Tensor4D;
      });
      return h;
    });
    const y = net.apply(x, { training: false });
    expect(y.shape).toEqual([2, 1, 1, 20]);
    expect(maxAbsDifference(y, expected)).toBeLessThan(1e-4 * Math.max(1, tf.tidy(() => tf.max(tf.abs(expected)).dataSync()[0]!)));
    tf.dispose([x, y, expected]);
    net.params.dispose();
  });
});
