import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { Adam } from '../../training/adam';
import { disposeMethodBatch } from '../../training/train-loop';
import { buildBackbone } from '../build-backbone';
import type { AfterEpochContext, AfterEpochResult, ExplainHooks, ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import { AddOn } from './add-on';
import type { ProtoPNetConfig } from './protopnet-config';
import { protopnetEntry } from './protopnet-entry';
import { logSimilarity, minDistances, prototypeDistances } from './prototype-distances';
import { initialLastLayer, nearestMaskedDistance, ownClassMask, prototypeClassIdentity, wrongClassL1 } from './prototype-losses';
import { decidePruning } from './prune';
import { pushPrototypes } from './push';

/**
 * A ProtoPNet: backbone → add-on → squared-L2 distances to M prototypes → min-pool → similarity →
 * last layer. Exposed so other prototype methods (BRAIxProtoPNet++) can reuse its parts.
 */
export class ProtoPNetModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly addOn: AddOn;
  readonly prototypes: tf.Variable;
  /** 1 for a live prototype, 0 for a pruned one (a state variable, so checkpoints keep it). */
  readonly active: tf.Variable;
  readonly lastLayer: tf.Variable;
  /** [M, K] one-hot: prototype j belongs to class ⌊j / perClass⌋. */
  readonly prototypeClass: tf.Tensor2D;

  constructor(
    readonly config: ProtoPNetConfig,
    readonly context: ModelContext,
  ) {
    const { seed, classes } = context;
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, seed);
    this.addOn = new AddOn(this.params, config.addOn, this.backbone.outChannels, config.prototypeDepth, seed);
    const m = classes * config.prototypesPerClass;
    this.prototypes = this.params.create('prototypes/vectors', [m, config.prototypeDepth], initializers.uniform(0, 1), { seed });
    this.active = this.params.create('prototypes/active', [m], initializers.constant(1), { seed, trainable: false });
    this.prototypeClass = prototypeClassIdentity(classes, config.prototypesPerClass);
    const start = initialLastLayer(this.prototypeClass);
    this.lastLayer = this.params.create('last/weights', [m, classes], initializers.constant(0), { seed });
    this.lastLayer.assign(start);
    start.dispose();
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  get explain(): ExplainHooks {
    return {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures: (features) => this.logitsFromFeatures(features),
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      prototypes: {
        similarityMaps: (features) =>
          tf.tidy(() => {
            const distances = prototypeDistances(this.addOn.apply(features), this.prototypes as tf.Tensor2D);
            const sim = this.config.similarity === 'log' ? logSimilarity(distances, this.config.epsilon) : tf.neg(distances);
            return tf.mul(sim, this.active) as tf.Tensor4D;
          }),
        classOf: this.classOfPrototypes(),
        active: () => Array.from(this.active.dataSync(), (v) => v > 0),
        classWeights: () => tf.mul(this.lastLayer, this.lastLayerShare()) as tf.Tensor2D,
        latent: (features) => this.addOn.apply(features),
        vectors: () => tf.clone(this.prototypes as tf.Tensor2D),
      },
    };
  }

  /** Logits from the backbone's feature map (what `forward` computes after the backbone). */
  protected logitsFromFeatures(features: tf.Tensor4D): tf.Tensor2D {
    return this.head(this.addOn.apply(features)).logits;
  }

  /** The prototype branch's share of the final logits (1 here; ½ in an even ensemble). */
  protected lastLayerShare(): number {
    return 1;
  }

  /** The latent map the prototypes live in, [B, h, w, D]. */
  latent(images: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.addOn.apply(this.backbone.apply(images, { training }));
  }

  /** From a latent map: per-cell distances [B,h,w,M], min distances [B,M], similarities [B,M], logits [B,K]. */
  head(latent: tf.Tensor4D) {
    const distanceMaps = prototypeDistances(latent, this.prototypes as tf.Tensor2D);
    const distances = minDistances(distanceMaps);
    const raw = this.config.similarity === 'log' ? logSimilarity(distances, this.config.epsilon) : tf.neg(distances);
    // A pruned prototype contributes no evidence (and so its last-layer row gets no gradient).
    const similarity = tf.mul(raw, this.active);
    const logits = tf.matMul(similarity, this.lastLayer) as tf.Tensor2D;
    return { distanceMaps, distances, similarity: similarity as tf.Tensor2D, logits };
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    const { distanceMaps, distances, similarity, logits } = this.head(this.latent(batch.images, training));
    return { logits, extras: { distanceMaps, distances, similarity } };
  }

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    const c = this.config.coefficients;
    const distances = output.extras['distances'] as tf.Tensor2D;
    const { own, other } = this.prototypeMasks(batch.labels);
    const maxDist = this.config.prototypeDepth; // D·1·1 for 1×1 prototypes
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, this.context.classes), output.logits) as tf.Scalar;
    const cluster = nearestMaskedDistance(distances, own, maxDist);
    const separation = nearestMaskedDistance(distances, other, maxDist);
    const l1 = wrongClassL1(this.lastLayer as tf.Tensor2D, this.prototypeClass);
    const total = tf.addN([tf.mul(ce, c.ce), tf.mul(cluster, c.cluster), tf.mul(separation, c.separation), tf.mul(l1, c.l1)]) as tf.Scalar;
    return { total, terms: { ce, cluster, separation, l1 } };
  }

  /** [B, M] masks of the live prototypes of each image's own class and of the other classes. */
  prototypeMasks(labels: tf.Tensor1D): { own: tf.Tensor2D; other: tf.Tensor2D } {
    const own = ownClassMask(labels, this.prototypeClass);
    return { own: tf.mul(own, this.active) as tf.Tensor2D, other: tf.mul(tf.sub(1, own), this.active) as tf.Tensor2D };
  }

  phase(epoch: number): TrainingPhase {
    const { learningRates: lr, weightDecay } = this.config;
    if (epoch < this.config.warmupEpochs) {
      return {
        name: 'warm-up',
        groups: [
          { prefix: 'addon/', learningRate: lr.addOn, weightDecay },
          { prefix: 'prototypes/', learningRate: lr.prototypes },
        ],
      };
    }
    return {
      name: 'joint',
      groups: [
        { prefix: 'backbone/', learningRate: lr.backbone, weightDecay },
        { prefix: 'addon/', learningRate: lr.addOn, weightDecay },
        { prefix: 'prototypes/', learningRate: lr.prototypes },
        ...(this.config.jointLastLayer ? [{ prefix: 'last/', learningRate: lr.lastLayer }] : []),
      ],
      stepDecay: { stepEpochs: this.config.jointStepEpochs, gamma: this.config.jointGamma },
    };
  }

  /** Push epochs: `pushStart`, then every `pushEvery`, and (`pushAtEnd`) the run's last epoch. */
  isPushEpoch(epoch: number, lastEpoch = false): boolean {
    if (lastEpoch && this.config.pushAtEnd) return true;
    return epoch >= this.config.pushStart && (epoch - this.config.pushStart) % this.config.pushEvery === 0;
  }

  /** After a push epoch: project the prototypes; after the pruning epoch: prune; then fit the last layer alone. */
  async afterEpoch(epoch: number, context: AfterEpochContext): Promise<AfterEpochResult | void> {
    const pushed = this.isPushEpoch(epoch, context.lastEpoch) ? this.push(context) : undefined;
    const pruned = this.config.prune.afterEpoch === epoch ? this.prune(context) : undefined;
    if (!pushed && !pruned) return;
    const metrics: Record<string, number> = { ...pushed?.metrics, ...pruned };
    if (this.config.similarity === 'log' && this.config.lastLayerIterations > 0) {
      metrics['lastLayer/loss'] = this.fitLastLayer(context);
    }
    return { metrics, prototypes: pushed?.prototypes };
  }

  /** Switches off the prototypes ProtoPNet's rule prunes, and zeroes their last-layer rows. */
  prune(context: AfterEpochContext): Record<string, number> {
    const decisions = decidePruning({
      batches: () => context.trainingImages(),
      latent: (images) => this.latent(images, false),
      prototypes: this.prototypes as tf.Tensor2D,
      prototypeClass: this.classOfPrototypes(),
      k: this.config.prune.k,
      threshold: this.config.prune.threshold,
    });
    const keep = Float32Array.from(this.active.dataSync()).map((v, j) => (decisions[j]!.prune ? 0 : v));
    tf.tidy(() => {
      this.active.assign(tf.tensor1d(keep));
      this.lastLayer.assign(tf.mul(this.lastLayer, tf.expandDims(tf.tensor1d(keep), 1)));
    });
    return { 'prune/removed': decisions.filter((d) => d.prune).length, 'prune/active': keep.reduce((a, b) => a + b, 0) };
  }

  classOfPrototypes(): number[] {
    return Array.from({ length: this.prototypes.shape[0]! }, (_, j) => Math.floor(j / this.config.prototypesPerClass));
  }

  private push(context: AfterEpochContext): AfterEpochResult & { metrics: Record<string, number> } {
    const [height, width] = this.context.inputShape;
    const field = this.backbone.receptiveField([height, width]);
    const prototypes = pushPrototypes({
      batches: () => context.trainingImages(),
      latent: (images) => this.latent(images, false),
      prototypes: this.prototypes,
      prototypeClass: this.classOfPrototypes(),
      distinctImages: this.config.distinctImages,
      receptiveField: (h, w) => field.box(h, w),
      imageShape: [height, width],
      epsilon: this.config.epsilon,
      nearest: this.config.nearestPatches,
    });
    const metrics: Record<string, number> = {
      'push/meanDistance': prototypes.reduce((sum, r) => sum + r.distance, 0) / prototypes.length,
      'push/distinctImages': new Set(prototypes.map((r) => r.imageIndex)).size / prototypes.length,
    };
    return { metrics, prototypes };
  }

  /**
   * `lastLayerIterations` passes over the training batches, optimising only the last layer. The
   * frozen network runs in inference mode, so batch-norm statistics stay those of the joint phase.
   */
  private fitLastLayer(context: AfterEpochContext): number {
    const adam = new Adam([this.lastLayer], { learningRate: this.config.learningRates.lastLayer });
    let last = NaN;
    try {
      for (let i = 0; i < this.config.lastLayerIterations; i++) {
        let sum = 0;
        let count = 0;
        for (const batch of context.trainingBatches()) {
          const { value, grads } = tf.variableGrads(() => this.loss(batch, this.forward(batch, { training: false })).total, [this.lastLayer]);
          adam.apply([grads[this.lastLayer.name]]);
          sum += value.dataSync()[0]!;
          count++;
          tf.dispose([value, ...Object.values(grads)]);
          disposeMethodBatch(batch);
        }
        last = sum / Math.max(count, 1);
      }
    } finally {
      adam.dispose();
    }
    return last;
  }

  dispose(): void {
    this.params.dispose();
    this.prototypeClass.dispose();
  }
}

export const protopnetMethod: MethodDefinition<ProtoPNetConfig> = {
  ...protopnetEntry,
  create: (config, context) => new ProtoPNetModel(config, context),
};
