import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { BatchNorm } from '../../layers/batch-norm';
import { Conv2d } from '../../layers/conv2d';
import { Linear } from '../../layers/linear';
import { ParameterSet } from '../../parameters/parameter-set';
import { streamKey } from '../../parameters/seeded-random';
import { buildBackbone } from '../build-backbone';
import type { ExplainHooks, ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import { stopGradient } from '../stop-gradient';
import { ForegroundAttention } from './foreground-attention';
import type { HamConfig } from './ham-config';
import { hamEntry } from './ham-entry';
import { boundLoss, boxLoss, maskedBinaryCrossEntropy, refineMaps, unionLoss } from './ham-losses';
import { lsePool } from './lse-pool';
import { singleRatePhase } from '../single-rate-phase';

export class HamDataError extends Error {
  override name = 'HamDataError';
}

/**
 * HAM (methods reference §6): backbone → foreground attention on the last stage → concat with the
 * stage → 3×3 conv + BN + ReLU (+ channel dropout) = F → LSE pooling (r = 6) → two bias-free linear
 * heads: abnormal-vs-normal (one logit z) and one logit per finding (multi-label). The training loop's
 * class logits are (−z/2, z/2), so softmax gives σ(z) for "abnormal" (the primary task has two classes,
 * normal first). Attention maps are class activation maps of the heads, A = ReLU(F·w) with w detached.
 */
export class HamModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly attention: ForegroundAttention;
  readonly fuse: Conv2d;
  readonly fuseNorm: BatchNorm;
  readonly abnormalHead: Linear;
  readonly findingHead: Linear;
  readonly findings: readonly string[];
  readonly explain: ExplainHooks;

  constructor(
    readonly config: HamConfig,
    readonly context: ModelContext,
  ) {
    if (context.classes !== 2) throw new HamDataError(`ham: the primary task must have two classes (normal, abnormal), got ${context.classes}`);
    if (!context.findings?.length) throw new HamDataError(`ham: no findings; the data needs a multi-label task '${config.findingsTask}'`);
    this.findings = context.findings;
    const { seed } = context;
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, seed);
    const c = this.backbone.outChannels;
    const width = config.featureWidth || c;
    this.attention = new ForegroundAttention(this.params, 'head/attention', c, config.reduction, seed + 10);
    this.fuse = new Conv2d(this.params, 'head/fuse', { inChannels: 2 * c, outChannels: width, kernel: 3, bias: false }, seed + 20);
    this.fuseNorm = new BatchNorm(this.params, 'head/fuse_bn', { channels: width }, seed + 21);
    this.abnormalHead = new Linear(this.params, 'head/abnormal', { inFeatures: width, outFeatures: 1, bias: false }, seed + 30);
    this.findingHead = new Linear(this.params, 'head/findings', { inFeatures: width, outFeatures: this.findings.length, bias: false }, seed + 31);
    this.explain = {
      features: (images) => this.featureMap(images, false),
      logitsFromFeatures: (features) => this.classLogits(this.abnormalLogit(features)),
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      // HAM's abnormal attention is the CAM of this head (its pooling is LSE, not the average).
      pooledClassifier: () =>
        tf.tidy(() => {
          const w = tf.reshape(this.abnormalHead.weight, [width, 1]);
          return { weights: tf.concat([tf.mul(w, -0.5), tf.mul(w, 0.5)], 1) as tf.Tensor2D, bias: tf.zeros([2]) as tf.Tensor1D };
        }),
      findingMaps: {
        names: this.findings,
        scale: 'activation',
        maps: (features) => this.attentionMaps(features).findings,
        presence: (features) => this.findingHead.apply(lsePool(features, config.lseR)) as tf.Tensor2D,
      },
    };
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  /** F: the last stage fused with its foreground attention. */
  featureMap(images: tf.Tensor4D, training: boolean, dropoutSeed = 0): tf.Tensor4D {
    return tf.tidy(() => {
      const x = this.backbone.apply(images, { training });
      const fused = tf.relu(this.fuseNorm.apply(this.fuse.apply(tf.concat([x, this.attention.apply(x)], 3)), { training })) as tf.Tensor4D;
      if (!training || this.config.dropout === 0) return fused;
      const [b, , , ch] = fused.shape;
      return tf.dropout(fused, this.config.dropout, [b, 1, 1, ch], dropoutSeed) as tf.Tensor4D;
    });
  }

  abnormalLogit(features: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(this.abnormalHead.apply(lsePool(features, this.config.lseR)), [-1]) as tf.Tensor1D);
  }

  classLogits(abnormal: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => tf.stack([tf.mul(abnormal, -0.5), tf.mul(abnormal, 0.5)], 1) as tf.Tensor2D);
  }

  /** Raw attention maps at feature resolution: abnormal [B, h, w] and per finding [B, h, w, F] (head weights detached). */
  attentionMaps(features: tf.Tensor4D): { abnormal: tf.Tensor3D; findings: tf.Tensor4D } {
    return tf.tidy(() => {
      const cam = (weight: tf.Tensor) => tf.relu(tf.conv2d(features, tf.reshape(stopGradient(weight), [1, 1, ...weight.shape] as [number, number, number, number]), 1, 'valid'));
      return { abnormal: tf.squeeze(cam(this.abnormalHead.weight), [3]) as tf.Tensor3D, findings: cam(this.findingHead.weight) as tf.Tensor4D };
    });
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    return tf.tidy(() => {
      // The dropout mask is keyed by the batch's image ids: the same batch, the same mask (a resumed run included).
      const features = this.featureMap(batch.images, training, streamKey(this.context.seed, `ham-dropout:${(batch.ids ?? []).join(',')}`) >>> 1);
      const pooled = lsePool(features, this.config.lseR);
      const abnormal = tf.reshape(this.abnormalHead.apply(pooled), [-1]) as tf.Tensor1D;
      return { logits: this.classLogits(abnormal), extras: { features, abnormal, findings: this.findingHead.apply(pooled) } };
    });
  }

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    if (!batch.findings || !batch.findingKnown) throw new HamDataError(`ham: the batch has no findings labels (task '${this.config.findingsTask}')`);
    return tf.tidy(() => {
      const { features, abnormal, findings } = output.extras as { features: tf.Tensor4D; abnormal: tf.Tensor1D; findings: tf.Tensor2D };
      const w = this.config.weights;
      const isAbnormal = tf.cast(tf.greater(batch.labels, 0), 'float32');
      const abn = maskedBinaryCrossEntropy(abnormal, isAbnormal, tf.onesLike(isAbnormal));
      const cls = maskedBinaryCrossEntropy(findings, batch.findings!, batch.findingKnown!);
      const maps = this.attentionMaps(features);
      const positives = tf.mul(batch.findings!, batch.findingKnown!) as tf.Tensor2D;
      const bound = boundLoss(maps.findings, maps.abnormal, positives);
      const union = unionLoss(maps.findings, maps.abnormal, positives);
      let box = tf.scalar(0);
      if (batch.findingBoxes && batch.findingBoxKnown && w.box > 0) {
        const [b, h, wd, f] = maps.findings.shape;
        const [, height, width] = batch.images.shape;
        const flat = tf.reshape(tf.transpose(maps.findings, [0, 3, 1, 2]), [b * f, h, wd]) as tf.Tensor3D;
        const refined = tf.transpose(tf.reshape(refineMaps(flat, [height, width]), [b, f, height, width]), [0, 2, 3, 1]) as tf.Tensor4D;
        box = boxLoss(refined, batch.findingBoxes, batch.findingBoxKnown);
      }
      const total = tf.addN([tf.mul(abn, w.abnormal), tf.mul(cls, w.classification), tf.mul(box, w.box), tf.mul(bound, w.bound), tf.mul(union, w.union)]) as tf.Scalar;
      return { total, terms: { abnormal: abn, classification: cls, box, bound, union } };
    });
  }

  phase(): TrainingPhase {
    return singleRatePhase(this.config);
  }

  dispose(): void {
    this.params.dispose();
  }
}

export const hamMethod: MethodDefinition<HamConfig> = {
  ...hamEntry,
  dataNeeds: (config) => ({ findingsTask: config.findingsTask, findingBoxes: true }),
  create: (config, context) => new HamModel(config, context),
};
