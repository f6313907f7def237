import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../../layers/conv2d';
import { initializers } from '../../parameters/initializers';
import { joinName } from '../../parameters/names';
import type { ParameterSet } from '../../parameters/parameter-set';

/**
 * HAM's foreground-attention block on the last feature stage: a channel gate (squeeze-and-excite:
 * GAP → 1×1 conv to C/reduction → ReLU → 1×1 conv to C → sigmoid) and a spatial gate (1×1 conv to
 * one map → sigmoid) multiply the features, and the gated map is added back with a learnt residual
 * scale γ that starts at 0: FA(X) = X + γ·(X ⊙ g_channel ⊙ g_spatial). At the start the block is the
 * identity, so training begins from the backbone's own features.
 */
export class ForegroundAttention {
  readonly squeeze: Conv2d;
  readonly excite: Conv2d;
  readonly spatial: Conv2d;
  readonly gamma: tf.Variable;

  constructor(params: ParameterSet, readonly name: string, channels: number, reduction: number, seed: number) {
    const hidden = Math.max(1, Math.floor(channels / reduction));
    this.squeeze = new Conv2d(params, joinName(name, 'squeeze'), { inChannels: channels, outChannels: hidden, kernel: 1 }, seed + 1);
    this.excite = new Conv2d(params, joinName(name, 'excite'), { inChannels: hidden, outChannels: channels, kernel: 1 }, seed + 2);
    this.spatial = new Conv2d(params, joinName(name, 'spatial'), { inChannels: channels, outChannels: 1, kernel: 1 }, seed + 3);
    this.gamma = params.create(joinName(name, 'gamma'), [1], initializers.zeros(), { seed });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const channelGate = tf.sigmoid(this.excite.apply(tf.relu(this.squeeze.apply(tf.mean(x, [1, 2], true)))));
      const spatialGate = tf.sigmoid(this.spatial.apply(x));
      return tf.add(x, tf.mul(this.gamma, tf.mul(tf.mul(x, channelGate), spatialGate))) as tf.Tensor4D;
    });
  }
}
