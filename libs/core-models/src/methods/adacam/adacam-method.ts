import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { Conv2d } from '../../layers/conv2d';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { seededRandom, streamKey } from '../../parameters/seeded-random';
import { buildBackbone } from '../build-backbone';
import type { ExplainHooks, ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import type { AdaCamConfig } from './adacam-config';
import { adaCamEntry } from './adacam-entry';
import { proportionalLocations, topLocations, windowAround, type Window } from './local-views';
import { singleRatePhase } from '../single-rate-phase';

/**
 * AdaCAM multi-view local feature augmentation (methods reference §8): backbone → feature map F →
 * auxiliary head, one 1×1 conv giving class score maps G [B, h, w, K]; the global view is GAP(G).
 * AdaCAM attention A = Σ_c f_c·G_c with f = softmax(GAP(G)) (label-agnostic: the model's own class
 * scores weigh the maps). K locations of A × R window sizes give K·R local views cropped from the
 * feature map; each is classified by the same head, and as the head is 1×1, its GAP over the crop is
 * the mean of G over the window. Loss = CE(global) + localWeight · mean CE(local views). The output
 * aggregates the views: probabilities = mean of the softmax of the global and every local view (the
 * loop's logits are their log, so softmax gives them back; argmax = argmax_c Σ_i g_{i,c}).
 */
export class AdaCamModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly head: Conv2d;
  readonly explain: ExplainHooks;

  constructor(
    readonly config: AdaCamConfig,
    readonly context: ModelContext,
  ) {
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, context.seed);
    const c = this.backbone.outChannels;
    // PyTorch's default for a conv (and a linear layer): U(±1/√fan_in), as `global`'s head.
    const init = initializers.fanInUniform(c);
    this.head = new Conv2d(this.params, 'head/scores', { inChannels: c, outChannels: context.classes, kernel: 1, init, biasInit: init }, context.seed + 1);
    this.explain = {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures: (features) => this.aggregate(features, { training: false }).logits,
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      // The auxiliary head is linear on each cell: its class activation maps are G (the pooling over views differs from GAP).
      pooledClassifier: () => tf.tidy(() => ({ weights: tf.reshape(this.head.filter, [c, context.classes]) as tf.Tensor2D, bias: tf.clone(this.head.bias!) as tf.Tensor1D })),
    };
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  /** AdaCAM attention [B, h, w] from class score maps G and the global logits. */
  attention(scores: tf.Tensor4D, global: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [b, , , k] = scores.shape;
      return tf.sum(tf.mul(scores, tf.reshape(tf.softmax(global), [b, 1, 1, k])), 3) as tf.Tensor3D;
    });
  }

  /** The K·R windows of every image, from its attention map. */
  windows(attention: tf.Tensor3D, training: boolean, batchKey: string): Window[][] {
    const [b, h, w] = attention.shape;
    const values = attention.dataSync();
    const { locations, regionSizes, sampling, suppression, temperature } = this.config;
    // Keyed by the batch's image ids: the same batch draws the same locations (a resumed run included).
    const random = seededRandom(streamKey(this.context.seed, `adacam-sampling:${batchKey}`));
    return Array.from({ length: b }, (_, i) => {
      const map = values.subarray(i * h * w, (i + 1) * h * w);
      const cells = training && sampling === 'proportional' ? proportionalLocations(map, locations, temperature, random.uniform) : topLocations(map, h, w, locations, suppression);
      return cells.flatMap((cell) => regionSizes.map((size) => windowAround(cell, w, h, size)));
    });
  }

  aggregate(features: tf.Tensor4D, { training, batchKey = '' }: { training: boolean; batchKey?: string }): { logits: tf.Tensor2D; global: tf.Tensor2D; local: tf.Tensor3D; attention: tf.Tensor3D } {
    return tf.tidy(() => {
      const scores = this.head.apply(features);
      const [b, h, w, k] = scores.shape;
      const global = tf.mean(scores, [1, 2]) as tf.Tensor2D;
      const attention = this.attention(scores, global);
      const windows = this.windows(attention, training, batchKey);
      const views = windows[0]!.length;
      // Averaging weights per window: 1/size² inside it, 0 elsewhere ([B, V, h·w]); their product with G is each view's GAP.
      const weights = new Float32Array(b * views * h * w);
      windows.forEach((list, i) =>
        list.forEach(({ top, left, size }, v) => {
          for (let y = top; y < top + size; y++) for (let x = left; x < left + size; x++) weights[(i * views + v) * h * w + y * w + x] = 1 / (size * size);
        }),
      );
      const local = tf.matMul(tf.tensor3d(weights, [b, views, h * w]), tf.reshape(scores, [b, h * w, k])) as tf.Tensor3D;
      const probabilities = tf.div(tf.add(tf.softmax(global), tf.sum(tf.softmax(local), 1)), views + 1);
      return { logits: tf.log(tf.maximum(probabilities, 1e-30)) as tf.Tensor2D, global, local, attention };
    });
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    return tf.tidy(() => {
      const features = this.backbone.apply(batch.images, { training });
      const { logits, global, local, attention } = this.aggregate(features, { training, batchKey: (batch.ids ?? []).join(',') });
      return { logits, extras: { global, local, attention } };
    });
  }

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    return tf.tidy(() => {
      const k = this.context.classes;
      const global = output.extras['global'] as tf.Tensor2D;
      const local = output.extras['local'] as tf.Tensor3D;
      const [b, views] = local.shape;
      const targets = tf.oneHot(batch.labels, k);
      const globalCe = tf.losses.softmaxCrossEntropy(targets, global) as tf.Scalar;
      const localTargets = tf.reshape(tf.tile(tf.expandDims(targets, 1), [1, views, 1]), [b * views, k]);
      const localCe = tf.losses.softmaxCrossEntropy(localTargets, tf.reshape(local, [b * views, k])) as tf.Scalar;
      return { total: tf.add(globalCe, tf.mul(localCe, this.config.localWeight)) as tf.Scalar, terms: { global: globalCe, local: localCe } };
    });
  }

  phase(): TrainingPhase {
    return singleRatePhase(this.config);
  }

  dispose(): void {
    this.params.dispose();
  }
}

export const adaCamMethod: MethodDefinition<AdaCamConfig> = {
  ...adaCamEntry,
  create: (config, context) => new AdaCamModel(config, context),
};
