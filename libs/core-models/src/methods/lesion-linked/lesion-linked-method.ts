import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { Conv2d } from '../../layers/conv2d';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { buildBackbone } from '../build-backbone';
import { lsePool } from '../ham/lse-pool';
import { maskedBinaryCrossEntropy } from '../ham/ham-losses';
import type { ExplainHooks, ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TrainingPhase } from '../method';
import { gradeLogProbabilities } from './grade-from-lesions';
import type { LesionLinkedConfig } from './lesion-linked-config';
import { lesionLinkedEntry } from './lesion-linked-entry';
import { singleRatePhase } from '../single-rate-phase';

export class LesionLinkedDataError extends Error {
  override name = 'LesionLinkedDataError';
}

/**
 * AMD grading from identified lesions (methods reference §10): backbone → 1×1 conv to one activation
 * map per lesion type M_k (logits per cell) → each lesion's presence logit z_k = LSE-pool of its own
 * map → the grade distribution from the presences by the max-severity rule (gradeLogProbabilities).
 * No grade head: the logits the loop sees are the rule's log-probabilities, so every grade is the
 * consequence of lesion presences, each of which is located by its map. Trained with image-level
 * labels only: BCE on presences + gradeWeight · NLL of the grade.
 */
export class LesionLinkedModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly lesionMaps: Conv2d;
  readonly lesions: readonly string[];
  readonly severity: number[];
  readonly explain: ExplainHooks;

  constructor(
    readonly config: LesionLinkedConfig,
    readonly context: ModelContext,
  ) {
    if (!context.findings?.length) throw new LesionLinkedDataError(`lesion-linked: no lesion types; the data needs a multi-label task '${config.findingsTask}'`);
    this.lesions = context.findings;
    this.severity = this.lesions.map((name) => {
      const s = config.severity[name];
      if (s === undefined) throw new LesionLinkedDataError(`lesion-linked: lesion type '${name}' has no severity; add it to the config's "severity"`);
      if (s >= context.classes) throw new LesionLinkedDataError(`lesion-linked: severity ${s} of '${name}' is not a grade below ${context.classes}`);
      return s;
    });
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, context.seed);
    // Small initial maps: presences start near ½ rather than saturated (large LSE logits made the first grade NLLs ~20).
    const init = initializers.heNormal({ mode: 'fan_in', gain: 0.1 });
    this.lesionMaps = new Conv2d(this.params, 'head/lesion_maps', { inChannels: this.backbone.outChannels, outChannels: this.lesions.length, kernel: 1, init }, context.seed + 1);
    this.explain = {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures: (features) => this.gradeLogits(this.presenceLogits(this.lesionMaps.apply(features))),
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      // Each cell's own presence probability: the map a lesion is located by.
      findingMaps: {
        names: this.lesions,
        scale: 'probability',
        maps: (features) => tf.tidy(() => tf.sigmoid(this.lesionMaps.apply(features))),
        presence: (features) => this.presenceLogits(this.lesionMaps.apply(features)),
      },
    };
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  presenceLogits(maps: tf.Tensor4D): tf.Tensor2D {
    return lsePool(maps, this.config.lseR);
  }

  gradeLogits(presence: tf.Tensor2D): tf.Tensor2D {
    return gradeLogProbabilities(presence, this.severity, this.context.classes);
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    return tf.tidy(() => {
      const maps = this.lesionMaps.apply(this.backbone.apply(batch.images, { training }));
      const presence = this.presenceLogits(maps);
      return { logits: this.gradeLogits(presence), extras: { maps, presence } };
    });
  }

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    if (!batch.findings || !batch.findingKnown) throw new LesionLinkedDataError(`lesion-linked: the batch has no lesion labels (task '${this.config.findingsTask}')`);
    return tf.tidy(() => {
      const presence = maskedBinaryCrossEntropy(output.extras['presence']!, batch.findings!, batch.findingKnown!);
      // Logits are log-probabilities already: the NLL is −log P(grade = label).
      const grade = tf.neg(tf.mean(tf.sum(tf.mul(output.logits, tf.oneHot(batch.labels, this.context.classes)), 1))) as tf.Scalar;
      return { total: tf.add(presence, tf.mul(grade, this.config.gradeWeight)) as tf.Scalar, terms: { presence, grade } };
    });
  }

  phase(): TrainingPhase {
    return singleRatePhase(this.config);
  }

  dispose(): void {
    this.params.dispose();
  }
}

export const lesionLinkedMethod: MethodDefinition<LesionLinkedConfig> = {
  ...lesionLinkedEntry,
  dataNeeds: (config) => ({ findingsTask: config.findingsTask }),
  create: (config, context) => new LesionLinkedModel(config, context),
};
