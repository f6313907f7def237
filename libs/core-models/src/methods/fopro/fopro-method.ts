import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { createBackbone } from '../../backbones/registry';
import { Linear } from '../../layers/linear';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { buildBackbone } from '../build-backbone';
import type { AfterEpochContext, AfterEpochResult, ExplainHooks, ForwardOutput, LossContext, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import { singleRatePhase } from '../single-rate-phase';
import { disposeMethodBatch } from '../../training/train-loop';
import { stopGradient } from '../stop-gradient';
import { cleanByRelation, cleanBySoftTarget, CleaningTally, type CleaningOutcome } from './cleaning';
import type { FoProConfig } from './fopro-config';
import { foProEntry } from './fopro-entry';
import { hardSoftCrossEntropy, infoNce, l2Rows, marginCosineLogits, maskedMean, rowCrossEntropy } from './fopro-losses';
import { enqueueRows, polishPrototypes, realisticPrototypes } from './realistic-prototypes';

/** A two-layer MLP (Linear → ReLU → Linear) under `name/fc1`, `name/fc2`. */
class Mlp {
  private readonly fc1: Linear;
  private readonly fc2: Linear;
  constructor(params: ParameterSet, name: string, sizes: [number, number, number], seed: number) {
    this.fc1 = new Linear(params, `${name}/fc1`, { inFeatures: sizes[0], outFeatures: sizes[1] }, seed);
    this.fc2 = new Linear(params, `${name}/fc2`, { inFeatures: sizes[1], outFeatures: sizes[2] }, seed);
  }
  apply(x: tf.Tensor): tf.Tensor {
    return this.fc2.apply(tf.relu(this.fc1.apply(x)));
  }
}

/** What one training step leaves for `afterStep`: the keys to enqueue and the clean samples that polish prototypes. */
interface StepRecord {
  /** Key embeddings of the clean samples (all samples during the warm-up) and their targets. */
  keys: Float32Array[];
  targets: number[];
  /** Whether the prototypes exist to be polished. */
  polish: boolean;
}

/**
 * FoPro (methods reference §7): encoder (backbone + GAP) with a momentum copy; a projection MLP to a
 * unit-length embedding z; a reconstruction MLP back to the feature; a linear classifier on the
 * feature (the prediction); a low-dimensional cosine classifier with an additive margin; realistic
 * prototypes P_c built from the few-shot images' key embeddings after the warm-up and polished by
 * every clean sample; a relation module scoring (z, P_c) pairs; a queue of keys for InfoNCE. Each
 * step cleans the web images of the batch: keep, relabel or drop (cleaning.ts), and every loss is
 * taken over the clean set. The key view of a batch is its horizontal mirror.
 */
export class FoProModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly explain: ExplainHooks;
  private readonly keyBackbone: Backbone;
  private readonly projection: Mlp;
  private readonly keyProjection: Mlp;
  private readonly reconstruction: Mlp;
  private readonly classifier: Linear;
  private readonly cosineClasses: tf.Variable;
  private readonly relation: Mlp;
  private readonly prototypes: tf.Variable;
  /** 1 once the realistic prototypes exist (kept as a variable so checkpoints carry it). */
  private readonly prototypesReady: tf.Variable;
  private readonly queue: tf.Variable;
  private readonly queuePointer: tf.Variable;
  /** Pairs (query-side variable, its momentum copy). */
  private readonly momentumPairs: Array<[tf.Variable, tf.Variable]> = [];
  private tally = new CleaningTally();
  private lastStep: StepRecord | undefined;

  constructor(
    readonly config: FoProConfig,
    readonly context: ModelContext,
  ) {
    const { seed, classes } = context;
    const channels = context.inputShape[2];
    const dim = config.embeddingDim;
    this.backbone = buildBackbone(config.backbone, channels, this.params, seed);
    const c = this.backbone.outChannels;
    this.projection = new Mlp(this.params, 'head/projection', [c, config.projectionHidden, dim], seed);
    this.reconstruction = new Mlp(this.params, 'head/reconstruction', [dim, config.projectionHidden, c], seed);
    this.classifier = new Linear(this.params, 'head/classifier', { inFeatures: c, outFeatures: classes }, seed);
    this.cosineClasses = this.params.create('head/cosine/classes', [classes, dim], initializers.glorotUniform(), { seed });
    this.relation = new Mlp(this.params, 'head/relation', [2 * dim, config.relationHidden, 1], seed);
    this.keyBackbone = createBackbone(config.backbone.name, { ...config.backbone.options, inChannels: channels }, { seed, params: this.params, prefix: 'momentum/backbone' });
    this.keyProjection = new Mlp(this.params, 'momentum/projection', [c, config.projectionHidden, dim], seed);
    // The momentum encoder starts as a copy of the query encoder and is never trained by gradients.
    for (const prefix of ['backbone/', 'head/projection/']) {
      for (const [name, variable] of this.params.variables(prefix.slice(0, -1))) {
        const copy = this.params.get(`momentum/${name.replace(/^head\//, '')}`);
        copy.assign(variable);
        copy.trainable = false;
        this.momentumPairs.push([variable, copy]);
      }
    }
    const state = { seed, trainable: false };
    this.prototypes = this.params.create('state/prototypes', [classes, dim], initializers.zeros(), state);
    this.prototypesReady = this.params.create('state/prototypesReady', [1], initializers.zeros(), state);
    this.queue = this.params.create('state/queue', [config.queueSize, dim], initializers.uniform(-1, 1), state);
    tf.tidy(() => this.queue.assign(l2Rows(this.queue)));
    this.queuePointer = this.params.create('state/queuePointer', [1], initializers.zeros(), state);
    const logitsFromFeatures = (features: tf.Tensor4D) => this.classifier.apply(tf.mean(features, [1, 2])) as tf.Tensor2D;
    this.explain = {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures,
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      pooledClassifier: () => ({ weights: tf.clone(this.classifier.weight) as tf.Tensor2D, bias: tf.clone(this.classifier.bias!) as tf.Tensor1D }),
    };
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  get ready(): boolean {
    return this.prototypesReady.dataSync()[0] === 1;
  }

  /** The unit-length key embedding of images by the momentum encoder (no gradient). */
  keyEmbedding(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => stopGradient(l2Rows(this.keyProjection.apply(tf.mean(this.keyBackbone.apply(images, { training: false }), [1, 2])) as tf.Tensor2D)));
  }

  /**
   * Relation logits R(z, P_c) for every class [B, K]: the prototype logit z·P_c / T plus the MLP on
   * concat[z, P_c]. The MLP learns a correction to the prototype similarity; alone, it starts at
   * uniform scores and learnt nothing in the few epochs of small data (its loss stayed at ln K).
   */
  relationLogits(z: tf.Tensor2D, prototypes: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, d] = z.shape;
      const k = prototypes.shape[0];
      const pairs = tf.concat([tf.tile(tf.expandDims(z, 1), [1, k, 1]), tf.tile(tf.expandDims(prototypes, 0), [b, 1, 1])], 2);
      const correction = tf.reshape(this.relation.apply(tf.reshape(pairs, [b * k, 2 * d])), [b, k]);
      return tf.add(tf.div(tf.matMul(z, prototypes, false, true), this.config.prototypeTemperature), correction) as tf.Tensor2D;
    });
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    return tf.tidy(() => {
      const features = tf.mean(this.backbone.apply(batch.images, { training }), [1, 2]) as tf.Tensor2D;
      const logits = this.classifier.apply(features) as tf.Tensor2D;
      if (!training) return { logits, extras: {} as Record<string, tf.Tensor> };
      const z = l2Rows(this.projection.apply(features) as tf.Tensor2D);
      const keys = this.keyEmbedding(tf.reverse(batch.images, 2));
      const prototypes = this.prototypes as tf.Tensor as tf.Tensor2D;
      return {
        logits,
        extras: {
          features,
          z,
          keys,
          reconstruction: this.reconstruction.apply(z),
          similarity: tf.matMul(z, prototypes, false, true),
          relation: this.relationLogits(z, prototypes),
        },
      };
    });
  }

  loss(batch: MethodBatch, output: ForwardOutput, context?: LossContext): LossTerms {
    const { classes } = this.context;
    const c = this.config;
    const e = output.extras as Record<'features' | 'z' | 'keys' | 'reconstruction' | 'similarity' | 'relation', tf.Tensor2D>;
    const labels = Array.from(batch.labels.dataSync());
    const fewShot = labels.map((_, i) => batch.fewShot?.[i] ?? false);
    const ready = this.ready;
    return tf.tidy(() => {
      const given = tf.oneHot(batch.labels, classes).toFloat() as tf.Tensor2D;
      const fewShotRows = tf.tensor1d(fewShot.map(Number));
      const soft = ready ? this.softTarget(output.logits, e.similarity, given, fewShotRows) : given;
      let outcomes: CleaningOutcome[] = labels.map((label) => ({ decision: 'keep', target: label }));
      if (ready) {
        const relationPhase = (context?.epoch ?? 0) >= c.relationFromEpoch;
        const scores = (relationPhase ? tf.softmax(e.relation) : soft).arraySync() as number[][];
        outcomes = labels.map((label, i) => (fewShot[i] ? { decision: 'keep', target: label } : (relationPhase ? cleanByRelation : cleanBySoftTarget)(scores[i]!, label, c.relabelThreshold)));
        if (context) outcomes.forEach((o, i) => !fewShot[i] && this.tally.add(o.decision, batch.noiseStatus?.[i]));
      }
      // Before the prototypes exist every image counts with its given label (warm-up); afterwards only the clean set.
      const clean = tf.tensor1d(outcomes.map((o) => (o.decision === 'drop' ? 0 : 1)));
      const targets = tf.oneHot(tf.tensor1d(outcomes.map((o) => o.target), 'int32'), classes).toFloat() as tf.Tensor2D;
      const keyRows = e.keys.arraySync() as number[][];
      const kept = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.decision !== 'drop');
      this.lastStep = { keys: kept.map(({ i }) => Float32Array.from(keyRows[i]!)), targets: kept.map(({ o }) => o.target), polish: ready };
      const ce = maskedMean(ready ? hardSoftCrossEntropy(output.logits, targets, soft) : rowCrossEntropy(output.logits, targets), clean);
      const contrast = maskedMean(infoNce(e.z, e.keys, this.queue as tf.Tensor as tf.Tensor2D, c.contrastTemperature), clean);
      const reconstruction = maskedMean(tf.mean(tf.square(tf.sub(e.reconstruction, stopGradient(e.features))), 1) as tf.Tensor1D, clean);
      // The margin cosine classifier makes z class-discriminative before the prototypes are taken from it (warm-up: every image, given labels; then the clean set).
      const cosine = maskedMean(rowCrossEntropy(marginCosineLogits(e.z, this.cosineClasses as tf.Tensor as tf.Tensor2D, targets, tf.onesLike(clean), c.margin, c.cosineScale), targets), clean);
      const terms: Record<string, tf.Scalar> = { ce, contrast, reconstruction, cosine };
      if (ready) {
        terms['prototype'] = maskedMean(rowCrossEntropy(this.prototypeLogits(e.similarity, targets, fewShotRows), targets), clean);
        terms['relation'] = maskedMean(rowCrossEntropy(e.relation, targets), clean);
      }
      terms['cleanFraction'] = tf.mean(clean) as tf.Scalar;
      const total = Object.entries(terms).reduce<tf.Scalar>((sum, [name, t]) => (name === 'cleanFraction' ? sum : tf.add(sum, t)), tf.scalar(0));
      return { total, terms };
    });
  }

  /** Prototype logits (cos(z, P_c) − margin at the target of few-shot rows) / T. */
  prototypeLogits(similarity: tf.Tensor2D, targets: tf.Tensor2D, fewShotRows: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => tf.div(tf.sub(similarity, tf.mul(targets, tf.mul(tf.expandDims(fewShotRows, 1), this.config.margin))), this.config.prototypeTemperature) as tf.Tensor2D);
  }

  /** α·softmax(classifier) + (1 − α)·softmax(prototype logits); few-shot rows are their given one-hot label. */
  softTarget(classifierLogits: tf.Tensor2D, similarity: tf.Tensor2D, given: tf.Tensor2D, fewShotRows: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const { alpha, prototypeTemperature } = this.config;
      const mixed = tf.add(tf.mul(tf.softmax(stopGradient(classifierLogits)), alpha), tf.mul(tf.softmax(tf.div(stopGradient(similarity), prototypeTemperature)), 1 - alpha));
      const isFewShot = tf.expandDims(fewShotRows, 1);
      return tf.add(tf.mul(mixed, tf.sub(1, isFewShot)), tf.mul(given, isFewShot)) as tf.Tensor2D;
    });
  }

  /** After each step: enqueue the clean keys, polish the prototypes with them, move the momentum encoder. */
  afterStep(): void {
    const step = this.lastStep;
    this.lastStep = undefined;
    if (step?.keys.length) {
      const queue = Float32Array.from(this.queue.dataSync());
      const next = enqueueRows(queue, this.queuePointer.dataSync()[0]!, step.keys.slice(-this.config.queueSize));
      tf.tidy(() => {
        this.queue.assign(tf.tensor2d(queue, this.queue.shape as [number, number]));
        this.queuePointer.assign(tf.tensor1d([next]));
      });
    }
    if (step?.polish && step.keys.length) {
      const prototypes = Float32Array.from(this.prototypes.dataSync());
      polishPrototypes(prototypes, step.keys, step.targets, this.config.polish);
      tf.tidy(() => this.prototypes.assign(tf.tensor2d(prototypes, this.prototypes.shape as [number, number])));
    }
    const m = this.config.momentum;
    tf.tidy(() => {
      for (const [query, key] of this.momentumPairs) key.assign(tf.add(tf.mul(key, m), tf.mul(query, 1 - m)));
    });
  }

  /** Builds the realistic prototypes after the warm-up; reports each epoch's cleaning counts. */
  async afterEpoch(epoch: number, context: AfterEpochContext): Promise<AfterEpochResult> {
    const metrics = this.ready ? this.tally.metrics() : {};
    this.tally = new CleaningTally();
    if (epoch === this.config.warmupEpochs - 1 && !this.ready) this.buildPrototypes(context);
    return { metrics };
  }

  /** P_c from the few-shot images of the (unaugmented) training batches. */
  buildPrototypes(context: AfterEpochContext): void {
    const embeddings: Float32Array[] = [];
    const labels: number[] = [];
    let flagged = false;
    for (const batch of context.trainingImages()) {
      if (batch.fewShot) flagged = true;
      const rows = (batch.fewShot ?? []).map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
      if (rows.length) {
        const keys = tf.tidy(() => this.keyEmbedding(tf.gather(batch.images, rows)).arraySync() as number[][]);
        const given = batch.labels.dataSync();
        rows.forEach((r, j) => {
          embeddings.push(Float32Array.from(keys[j]!));
          labels.push(given[r]!);
        });
      }
      disposeMethodBatch(batch);
    }
    if (!flagged) throw new Error(`fopro: the training batches carry no few-shot flags; train through the data path, which adds the '${this.config.fewShotSplit}' split`);
    const prototypes = realisticPrototypes(embeddings, labels, this.context.classes);
    tf.tidy(() => {
      this.prototypes.assign(tf.tensor2d(prototypes, this.prototypes.shape as [number, number]));
      this.prototypesReady.assign(tf.ones([1]));
    });
  }

  phase(): TrainingPhase {
    return singleRatePhase(this.config);
  }

  dispose(): void {
    this.params.dispose();
  }
}

export const foProMethod: MethodDefinition<FoProConfig> = {
  ...foProEntry,
  dataNeeds: (config) => ({ fewShotSplit: config.fewShotSplit }),
  create: (config, context) => new FoProModel(config, context),
};
