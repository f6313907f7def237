import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { Activation } from '../../layers/activation';
import { LayerNorm } from '../../layers/layer-norm';
import { Linear } from '../../layers/linear';
import { ParameterSet } from '../../parameters/parameter-set';
import { buildBackbone } from '../build-backbone';
import type { ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, PairExplainHooks, TrainingPhase } from '../method';
import { CrossAttention } from './cross-attention';
import type { MultiviewConfig } from './multiview-config';
import { multiviewEntry } from './multiview-entry';

/** Row-wise cosine similarity of two [B, C] matrices (norms floored at 1e-8, as PyTorch's F.cosine_similarity). */
export function rowCosine(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const norm = (x: tf.Tensor2D) => tf.maximum(tf.sqrt(tf.sum(tf.square(x), 1)), 1e-8);
    return tf.div(tf.sum(tf.mul(a, b), 1), tf.mul(norm(a), norm(b))) as tf.Tensor1D;
  });
}

/** Every head parameter lives under this prefix (one learning-rate group); the backbone's under `backbone/`. */
const HEAD_PREFIX = 'head';

/**
 * Multi-view model for the two ipsilateral views of a breast (methods reference §3): the main view m
 * is `batch.images`, the auxiliary view a is `batch.pairedImages`. One backbone (shared weights, run on
 * each view) gives U_m, U_a [B, h, w, C].
 * - Global consistency: g = global max pool of each map; one linear φ predicts each view's g from the
 *   other's, p_m = φ(g_a), p_a = φ(g_m); L_GC = −½[cos(g_m, p_m) + cos(g_a, p_a)] (batch means).
 * - Local co-occurrence: tokens [B, hw, C] → one shared LayerNorm → one shared multi-head
 *   cross-attention, queried from each view with the other as keys/values → token mean → l_m, l_a.
 * - Fusion: concat[g_m + p_m, l_m, l_a] → LayerNorm → Linear → GELU → Linear → logits.
 *
 * The reference ends in one logit trained with BCE. Methods here return class logits [B, K] because
 * the training loop, its metrics and the predictions store are K-class (softmax probabilities), so the
 * last layer has K outputs and the classification loss is softmax CE. For K = 2 this is the same model
 * family up to parameterisation: softmax over (z₀, z₁) is sigmoid(z₁ − z₀), BCE on z₁ − z₀.
 * Loss = CE + consistencyWeight·L_GC, with gradients through both the pools and φ (whether the paper
 * stops a gradient there is not known). The backbone runs once per view, so in training its batch-norm
 * statistics are those of each view's batch and its moving averages update twice per step, as a
 * shared PyTorch module called twice would.
 */
export class MultiviewModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  /** φ. */
  readonly projection: Linear;
  readonly tokenNorm: LayerNorm;
  readonly attention: CrossAttention;
  readonly fusionNorm: LayerNorm;
  readonly fusionHidden: Linear;
  readonly fusionOut: Linear;
  private readonly gelu = new Activation('gelu');

  constructor(
    readonly config: MultiviewConfig,
    readonly context: ModelContext,
  ) {
    const { seed, classes } = context;
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, seed);
    const c = this.backbone.outChannels;
    if (c % config.heads !== 0) {
      throw new RangeError(`multiview: the backbone's ${c} channels do not split into ${config.heads} attention heads; set 'heads' to a divisor of ${c}`);
    }
    const hidden = config.fusionHidden ?? c;
    this.projection = new Linear(this.params, `${HEAD_PREFIX}/projection`, { inFeatures: c, outFeatures: c }, seed);
    this.tokenNorm = new LayerNorm(this.params, `${HEAD_PREFIX}/local/norm`, { features: c }, seed);
    this.attention = new CrossAttention(this.params, `${HEAD_PREFIX}/local/attention`, { features: c, heads: config.heads }, seed);
    this.fusionNorm = new LayerNorm(this.params, `${HEAD_PREFIX}/fusion/norm`, { features: 3 * c }, seed);
    this.fusionHidden = new Linear(this.params, `${HEAD_PREFIX}/fusion/hidden`, { inFeatures: 3 * c, outFeatures: hidden }, seed);
    this.fusionOut = new Linear(this.params, `${HEAD_PREFIX}/fusion/logits`, { inFeatures: hidden, outFeatures: classes }, seed);
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  /**
   * Extras: `globalMain`, `globalAux` (g_m, g_a), `predictedMain`, `predictedAux` (p_m, p_a),
   * `localMain`, `localAux` (l_m, l_a), `featuresMain`, `featuresAux` (U_m, U_a).
   */
  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    const aux = batch.pairedImages;
    if (!aux) throw new Error('multiview: the batch has no pairedImages (the auxiliary view); use a paired dataset');
    if (aux.shape.join('x') !== batch.images.shape.join('x')) {
      throw new Error(`multiview: views of different shapes, [${batch.images.shape.join(', ')}] and [${aux.shape.join(', ')}]`);
    }
    const featuresMain = this.backbone.apply(batch.images, { training });
    const featuresAux = this.backbone.apply(aux, { training });
    const { logits, extras } = this.fromFeatures(featuresMain, featuresAux);
    return { logits, extras: { ...extras, featuresMain, featuresAux } };
  }

  private tokens(u: tf.Tensor4D): tf.Tensor3D {
    const [b, h, w, c] = u.shape;
    return this.tokenNorm.apply(tf.reshape(u, [b, h * w, c])) as tf.Tensor3D;
  }

  /** Everything after the backbone, from the two views' feature maps (differentiable in both). */
  fromFeatures(featuresMain: tf.Tensor4D, featuresAux: tf.Tensor4D): ForwardOutput {
    const globalMain = tf.max(featuresMain, [1, 2]) as tf.Tensor2D;
    const globalAux = tf.max(featuresAux, [1, 2]) as tf.Tensor2D;
    const predictedMain = this.projection.apply(globalAux) as tf.Tensor2D;
    const predictedAux = this.projection.apply(globalMain) as tf.Tensor2D;
    const tokensMain = this.tokens(featuresMain);
    const tokensAux = this.tokens(featuresAux);
    const localMain = tf.mean(this.attention.apply(tokensMain, tokensAux), 1) as tf.Tensor2D;
    const localAux = tf.mean(this.attention.apply(tokensAux, tokensMain), 1) as tf.Tensor2D;
    const fused = this.fusionNorm.apply(tf.concat([tf.add(globalMain, predictedMain), localMain, localAux], 1));
    const logits = this.fusionOut.apply(this.gelu.apply(this.fusionHidden.apply(fused))) as tf.Tensor2D;
    return { logits, extras: { globalMain, globalAux, predictedMain, predictedAux, localMain, localAux } };
  }

  /** Explanations of one view with the other view fixed, and where each main-view cell looks in the other view. */
  readonly pairExplain: PairExplainHooks = {
    features: (images) => this.backbone.apply(images, { training: false }),
    logitsFromFeatures: (featuresMain, featuresAux) => tf.tidy(() => this.fromFeatures(featuresMain, featuresAux).logits),
    crossAttention: (featuresMain, featuresAux) => tf.tidy(() => tf.mean(this.attention.weights(this.tokens(featuresMain), this.tokens(featuresAux)), 1) as tf.Tensor3D),
    receptiveField: (size) => {
      const field = this.backbone.receptiveField(size);
      return (h, w) => field.box(h, w);
    },
  };

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    const e = output.extras as Record<'globalMain' | 'globalAux' | 'predictedMain' | 'predictedAux', tf.Tensor2D>;
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, this.context.classes), output.logits) as tf.Scalar;
    const consistency = globalConsistencyLoss(e.globalMain, e.predictedMain, e.globalAux, e.predictedAux);
    const total = tf.add(ce, tf.mul(consistency, this.config.consistencyWeight)) as tf.Scalar;
    return { total, terms: { ce, consistency } };
  }

  phase(): TrainingPhase {
    const { learningRates: lr, weightDecay, stepEpochs, gamma } = this.config;
    return {
      name: 'joint',
      groups: [
        { prefix: 'backbone/', learningRate: lr.backbone, weightDecay },
        { prefix: `${HEAD_PREFIX}/`, learningRate: lr.heads, weightDecay },
      ],
      stepDecay: stepEpochs > 0 ? { stepEpochs, gamma } : undefined,
    };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** L_GC = −½[mean cos(g_m, p_m) + mean cos(g_a, p_a)]: −1 when each view's projection points along the other's pool. */
export function globalConsistencyLoss(globalMain: tf.Tensor2D, predictedMain: tf.Tensor2D, globalAux: tf.Tensor2D, predictedAux: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.add(tf.mean(rowCosine(globalMain, predictedMain)), tf.mean(rowCosine(globalAux, predictedAux))), -0.5) as tf.Scalar);
}

export const multiviewMethod: MethodDefinition<MultiviewConfig> = {
  ...multiviewEntry,
  create: (config, context) => new MultiviewModel(config, context),
};
