import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { Conv2d } from '../../layers/conv2d';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { buildBackbone } from '../build-backbone';
import type { ExplainHooks, ForwardOutput, LossContext, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import { prototypeClassIdentity } from '../protopnet/prototype-losses';
import type { EvalProtoPNetConfig } from './evalprotopnet-config';
import { evalProtoPNetEntry } from './evalprotopnet-entry';
import { cosineClusterSeparation, cosinePrototypeLayer, l2Normalize, orthogonalityLoss, scoreAggregation, scoreAggregationWeights, sdfaLoss } from './evalprotopnet-losses';
import { shallowOntoGrid } from './space-to-depth';

/** The stage index SDFA reads its shallow map from (see the config's `shallowStage`). */
export function resolveShallowStage(backbone: Backbone, choice: string | number | undefined): number {
  const names = backbone.stageNames;
  const index = choice === undefined ? Math.max(names.indexOf('layer1'), 0) : typeof choice === 'number' ? choice : names.indexOf(choice);
  if (!(index >= 0 && index < names.length - 1)) {
    throw new RangeError(`evalprotopnet: shallowStage ${JSON.stringify(choice)} must name or index a stage before the last of ${backbone.kind} (${names.join(', ')})`);
  }
  return index;
}

/**
 * EvalProtoPNet (methods reference §4): backbone → add-on (1×1 conv(C→D) → sigmoid) → cosine
 * prototypes. The activation map of prototype j is z·p̂_j over the latent cells (z as is, p̂ unit),
 * the class evidence its global max, and the SA module turns evidences into logits with per-class
 * softmax weights (no cross-class connections). Losses: CE, cluster/separation on cosine distances
 * (−max cos), orthogonality of each class's prototypes, and SDFA tying the deep map's self-similarity
 * to that of a detached shallow map.
 *
 * Prototypes are unit vectors: normalised inside the forward pass (so every use sees p̂) and written
 * back normalised after every optimiser step (`afterStep`), as the reference does.
 *
 * "SDFA only after warm-up", as the reference: in a warm-up epoch (known from the loss context the
 * training loop passes) the total is CE + 0.8·cluster − 0.08·separation + 1e-4·orthogonality, and
 * SDFA is neither computed nor logged — `train/sdfa` starts with the first joint epoch, since a 0
 * would read as perfect alignment. (The updates would be the same either way: SDFA's gradient reaches
 * only the backbone, which the warm-up freezes; the difference is the logged loss.) Without a context
 * (a direct call) the loss is the joint phase's, SDFA included.
 */
export class EvalProtoPNetModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly addOn: Conv2d;
  /** [M, D], unit rows between steps. */
  readonly prototypes: tf.Variable;
  /** SA's vector a [M], init 1. */
  readonly aggregation: tf.Variable;
  /** [M, K] one-hot: prototype j belongs to class ⌊j / perClass⌋. */
  readonly prototypeClass: tf.Tensor2D;
  readonly shallowStage: number;

  constructor(
    readonly config: EvalProtoPNetConfig,
    readonly context: ModelContext,
  ) {
    const { seed, classes } = context;
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, seed);
    this.shallowStage = resolveShallowStage(this.backbone, config.shallowStage);
    this.addOn = new Conv2d(
      this.params,
      'addon/conv',
      { inChannels: this.backbone.outChannels, outChannels: config.prototypeDepth, kernel: 1, padding: 'valid', init: initializers.heNormal({ mode: 'fan_out' }) },
      seed,
    );
    const m = classes * config.prototypesPerClass;
    // U(0, 1) as the reference, stored already unit-length.
    this.prototypes = this.params.create('prototypes/vectors', [m, config.prototypeDepth], initializers.uniform(0, 1), { seed });
    this.afterStep();
    this.aggregation = this.params.create('aggregation/weights', [m], initializers.ones(), { seed });
    this.prototypeClass = prototypeClassIdentity(classes, config.prototypesPerClass);
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  /**
   * Inference and training pass. Extras: `activationMaps` [B, h, w, M] (z·p̂), `activations` [B, M]
   * (their max), `cosineDistances` [B, M] (−max over cells of cos(z, p̂)), `features` (the deep map)
   * and `shallow` (the shallow stage's map, not detached here).
   */
  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    const stages = this.backbone.applyStages(batch.images, { training });
    const features = stages[stages.length - 1]!;
    const shallow = stages[this.shallowStage]!;
    const { latent, activationMaps, activations, cosineDistances, logits } = this.head(features);
    return { logits, extras: { activationMaps, activations, cosineDistances, features, shallow, latent } };
  }

  /** Everything after the backbone: add-on, cosine prototype layer, score aggregation. */
  private head(features: tf.Tensor4D) {
    const latent = tf.sigmoid(this.addOn.apply(features)) as tf.Tensor4D;
    const { activationMaps, activations, cosineDistances } = cosinePrototypeLayer(latent, this.prototypes as tf.Tensor2D, this.config.normEpsilon);
    const logits = scoreAggregation(activations, this.aggregation as tf.Tensor1D, this.config.prototypesPerClass);
    return { latent, activationMaps, activations, cosineDistances, logits };
  }

  get explain(): ExplainHooks {
    const perClass = this.config.prototypesPerClass;
    return {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures: (features) => this.head(features).logits,
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      prototypes: {
        // The activation map z·p̂: its max is the prototype's evidence (the reference's activation map).
        similarityMaps: (features) => tf.tidy(() => this.head(features).activationMaps),
        classOf: Array.from({ length: this.prototypes.shape[0] }, (_, j) => Math.floor(j / perClass)),
        active: () => new Array<boolean>(this.prototypes.shape[0]).fill(true),
        classWeights: () => tf.tidy(() => tf.mul(this.prototypeClass, tf.expandDims(scoreAggregationWeights(this.aggregation as tf.Tensor1D, perClass), 1)) as tf.Tensor2D),
      },
    };
  }

  loss(batch: MethodBatch, output: ForwardOutput, context?: LossContext): LossTerms {
    const c = this.config.coefficients;
    const perClass = this.config.prototypesPerClass;
    const distances = output.extras['cosineDistances'] as tf.Tensor2D;
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, this.context.classes), output.logits) as tf.Scalar;
    const { cluster, separation } = cosineClusterSeparation(distances, batch.labels, this.prototypeClass);
    const orthogonality = orthogonalityLoss(this.prototypes as tf.Tensor2D, perClass);
    const weighted = [tf.mul(ce, c.ce), tf.mul(cluster, c.cluster), tf.mul(separation, c.separation), tf.mul(orthogonality, c.orthogonality)];
    if (context && this.phase(context.epoch).name === 'warm-up') {
      return { total: tf.addN(weighted) as tf.Scalar, terms: { ce, cluster, separation, orthogonality } };
    }
    const maps = output.extras['activationMaps'] as tf.Tensor4D;
    const deep = output.extras['features'] as tf.Tensor4D;
    const [b, h, w, m] = maps.shape;
    const sdfa = sdfaLoss({
      activationMaps: tf.reshape(maps, [b, h * w, m]) as tf.Tensor3D,
      shallow: shallowOntoGrid(output.extras['shallow'] as tf.Tensor4D, [h, w]),
      deep,
      labels: batch.labels,
      perClass,
      margin: this.config.sdfaMargin,
      epsilon: this.config.normEpsilon,
    });
    const total = tf.addN([...weighted, tf.mul(sdfa, c.sdfa)]) as tf.Scalar;
    return { total, terms: { ce, cluster, separation, orthogonality, sdfa } };
  }

  phase(epoch: number): TrainingPhase {
    const { learningRates: lr, weightDecay } = this.config;
    const heads = [
      { prefix: 'addon/', learningRate: lr.addOn, weightDecay },
      { prefix: 'prototypes/', learningRate: lr.prototypes },
      { prefix: 'aggregation/', learningRate: lr.aggregation },
    ];
    if (epoch < this.config.warmupEpochs) return { name: 'warm-up', groups: heads };
    return {
      name: 'joint',
      groups: [{ prefix: 'backbone/', learningRate: lr.backbone, weightDecay }, ...heads],
      stepDecay: { stepEpochs: this.config.jointStepEpochs, gamma: this.config.jointGamma },
    };
  }

  /** Writes the prototypes back as unit vectors (called after every optimiser step). */
  afterStep(): void {
    tf.tidy(() => this.prototypes.assign(l2Normalize(this.prototypes, this.config.normEpsilon)));
  }

  dispose(): void {
    this.params.dispose();
    this.prototypeClass.dispose();
  }
}

export const evalProtoPNetMethod: MethodDefinition<EvalProtoPNetConfig> = {
  ...evalProtoPNetEntry,
  create: (config, context) => new EvalProtoPNetModel(config, context),
};
