import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '../../parameters/initializers';
import { Conv2d } from '../../layers/conv2d';
import type { ParameterSet } from '../../parameters/parameter-set';

/**
 * ProtoPNet's add-on layers between the backbone and the prototypes, ending in a sigmoid so latent
 * values lie in (0, 1) like the U(0, 1) prototypes. 'regular': 1×1 conv(C→D) → ReLU → 1×1 conv(D→D);
 * 'bottleneck': (1×1 conv, ReLU, 1×1 conv) blocks halving the channels until D. Kaiming normal
 * (fan_out) weights, zero biases.
 */
export class AddOn {
  private readonly convs: Conv2d[] = [];

  constructor(params: ParameterSet, kind: 'regular' | 'bottleneck', inChannels: number, depth: number, seed: number) {
    const make = (name: string, from: number, to: number) =>
      new Conv2d(params, `addon/${name}`, { inChannels: from, outChannels: to, kernel: 1, padding: 'valid', init: initializers.heNormal({ mode: 'fan_out' }) }, seed);
    if (kind === 'regular') {
      this.convs.push(make('conv1', inChannels, depth), make('conv2', depth, depth));
      return;
    }
    let channels = inChannels;
    let block = 0;
    do {
      const next = Math.max(depth, Math.floor(channels / 2));
      this.convs.push(make(`block${block}/conv1`, channels, next), make(`block${block}/conv2`, next, next));
      channels = next;
      block++;
    } while (channels > depth);
  }

  apply(features: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let x: tf.Tensor4D = features;
      this.convs.forEach((conv, i) => {
        x = conv.apply(x) as tf.Tensor4D;
        x = (i === this.convs.length - 1 ? tf.sigmoid(x) : tf.relu(x)) as tf.Tensor4D;
      });
      return x;
    });
  }
}
