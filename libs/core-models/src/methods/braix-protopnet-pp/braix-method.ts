import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../../layers/linear';
import type { ExplainHooks, ForwardOutput, LossContext, LossTerms, MethodBatch, MethodDefinition, ModelContext, TrainingPhase } from '../method';
import { ProtoPNetModel } from '../protopnet/protopnet-method';
import { nearestMaskedDistance } from '../protopnet/prototype-losses';
import { stopGradient } from '../stop-gradient';
import type { BraixConfig } from './braix-config';
import { braixEntry } from './braix-entry';

/**
 * BRAIxProtoPNet++: one backbone feeding a global head (GAP → linear) and a ProtoPNet head; the
 * prediction is the mean of both branches' logits, and a distillation term asks the prototype branch
 * to be at least as confident in the true class as the (fixed) global branch: max(0, p_G − p_P + ω).
 *
 * Each stage trains on its own part of the loss, as the public re-implementation does: the global
 * stage on CE_G alone, the prototype-head stage on CE_P + cluster + separation hinge, the joint
 * stage (and the last-layer fit after a push) on every term. With the whole loss in the global
 * stage, the random prototype branch's terms steered the backbone too: from scratch the prototype
 * branch then never left chance (CE_P at ln 3 for 10 epochs on 600 mammograms).
 */
export class BraixModel extends ProtoPNetModel {
  readonly globalHead: Linear;

  constructor(
    readonly braix: BraixConfig,
    context: ModelContext,
  ) {
    super({ ...braix, coefficients: { ce: 1, cluster: braix.clusterWeight, separation: 0, l1: 0 } }, context);
    this.globalHead = new Linear(this.params, 'global', { inFeatures: this.backbone.outChannels, outFeatures: context.classes }, context.seed);
  }

  override forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    const features = this.backbone.apply(batch.images, { training });
    const { logits, globalLogits, prototypeLogits, distanceMaps, distances, similarity } = this.branches(features);
    return { logits, extras: { globalLogits, prototypeLogits, distanceMaps, distances, similarity, features } };
  }

  /** Both branches on one feature map, and their mean (the prediction). */
  private branches(features: tf.Tensor4D) {
    const globalLogits = this.globalHead.apply(tf.mean(features, [1, 2])) as tf.Tensor2D;
    const { distanceMaps, distances, similarity, logits: prototypeLogits } = this.head(this.addOn.apply(features));
    const logits = tf.div(tf.add(globalLogits, prototypeLogits), 2) as tf.Tensor2D;
    return { logits, globalLogits, prototypeLogits, distanceMaps, distances, similarity };
  }

  override get explain(): ExplainHooks {
    return {
      ...super.explain,
      // The global branch, halved as the ensemble halves it: its CAM is the global half of the prediction.
      pooledClassifier: () => tf.tidy(() => ({ weights: tf.div(this.globalHead.weight, 2) as tf.Tensor2D, bias: tf.div(this.globalHead.bias!, 2) as tf.Tensor1D })),
    };
  }

  protected override logitsFromFeatures(features: tf.Tensor4D): tf.Tensor2D {
    return this.branches(features).logits;
  }

  protected override lastLayerShare(): number {
    return 0.5;
  }

  /**
   * The loss of the stage `context` names (without one, as for the last-layer fit: the joint stage's).
   * Every term is computed and logged in every stage; the total takes the stage's terms.
   */
  override loss(batch: MethodBatch, output: ForwardOutput, context?: LossContext): LossTerms {
    const b = this.braix;
    const onehot = tf.oneHot(batch.labels, this.context.classes);
    const globalLogits = output.extras['globalLogits'] as tf.Tensor2D;
    const prototypeLogits = output.extras['prototypeLogits'] as tf.Tensor2D;
    const distances = output.extras['distances'] as tf.Tensor2D;
    const ceGlobal = tf.losses.softmaxCrossEntropy(onehot, globalLogits) as tf.Scalar;
    const cePrototype = tf.losses.softmaxCrossEntropy(onehot, prototypeLogits) as tf.Scalar;
    const { own, other } = this.prototypeMasks(batch.labels);
    const maxDist = this.config.prototypeDepth;
    const cluster = nearestMaskedDistance(distances, own, maxDist);
    const separation = nearestMaskedDistance(distances, other, maxDist);
    const pGlobal = tf.sum(tf.mul(stopGradient(tf.softmax(globalLogits)), onehot), 1);
    const pPrototype = tf.sum(tf.mul(tf.softmax(prototypeLogits), onehot), 1);
    const kd = tf.mean(tf.relu(tf.add(tf.sub(pGlobal, pPrototype), b.kdMargin))) as tf.Scalar;
    const separationHinge = tf.relu(tf.sub(b.separationMargin, separation)) as tf.Scalar;
    const prototypeTerms = [cePrototype, tf.mul(cluster, b.clusterWeight), tf.mul(separationHinge, b.separationWeight)];
    const stage = context?.phase ?? 'joint';
    const total = (
      stage === 'global' ? ceGlobal : stage === 'prototype-head' ? tf.addN(prototypeTerms) : tf.addN([ceGlobal, ...prototypeTerms, tf.mul(kd, b.kdWeight)])
    ) as tf.Scalar;
    return { total, terms: { ceGlobal, cePrototype, cluster, separation, kd } };
  }

  override phase(epoch: number): TrainingPhase {
    const b = this.braix;
    const lr = b.learningRates;
    if (epoch < b.globalEpochs) {
      return {
        name: 'global',
        groups: [
          { prefix: 'backbone/', learningRate: b.globalLearningRate, weightDecay: b.weightDecay },
          { prefix: 'global/', learningRate: b.globalLearningRate, weightDecay: b.weightDecay },
        ],
      };
    }
    if (epoch < b.globalEpochs + b.prototypeEpochs) {
      return {
        name: 'prototype-head',
        groups: [
          { prefix: 'addon/', learningRate: lr.addOn, weightDecay: b.weightDecay },
          { prefix: 'prototypes/', learningRate: lr.prototypes },
          { prefix: 'last/', learningRate: lr.lastLayer },
        ],
      };
    }
    return {
      name: 'joint',
      groups: [
        { prefix: 'backbone/', learningRate: lr.backbone, weightDecay: b.weightDecay },
        { prefix: 'global/', learningRate: lr.backbone, weightDecay: b.weightDecay },
        { prefix: 'addon/', learningRate: lr.addOn, weightDecay: b.weightDecay },
        { prefix: 'prototypes/', learningRate: lr.prototypes },
        { prefix: 'last/', learningRate: lr.lastLayer },
      ],
      stepDecay: { stepEpochs: b.jointStepEpochs, gamma: b.jointGamma },
    };
  }
}

export const braixMethod: MethodDefinition<BraixConfig> = {
  ...braixEntry,
  create: (config, context) => new BraixModel(config, context),
};
