import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { Linear } from '../../layers/linear';
import { ParameterSet } from '../../parameters/parameter-set';
import { BackboneChoiceSchema, buildBackbone } from '../backbone-choice';
import type { MethodBatch, MethodDefinition, MethodModel } from '../method';
import { singleRatePhase } from '../single-rate-phase';

/** `global`: backbone → global average pooling → linear classifier (the "global model" of the seeds). */
export const GlobalConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** Adam learning rate of every layer. */
  learningRate: z.number().positive().default(1e-3),
  /** L2 penalty on every weight (Adam's weight decay). */
  weightDecay: z.number().min(0).default(1e-4),
  /** Learning rate × gamma every `stepEpochs` epochs; 0 disables. */
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type GlobalConfig = z.infer<typeof GlobalConfigSchema>;

export const globalMethod: MethodDefinition<GlobalConfig> = {
  id: 'global',
  title: 'Global CNN classifier (backbone + GAP + linear)',
  configSchema: GlobalConfigSchema,
  create(config, context): MethodModel {
    const params = new ParameterSet();
    const backbone = buildBackbone(config.backbone, context.inputShape[2], params, context.seed);
    const head = new Linear(params, 'head', { inFeatures: backbone.outChannels, outFeatures: context.classes }, context.seed);
    const logitsFromFeatures = (features: tf.Tensor4D) => head.apply(tf.mean(features, [1, 2])) as tf.Tensor2D;
    return {
      variables: () => params.variables(),
      forward(batch: MethodBatch, { training }) {
        const features = backbone.apply(batch.images, { training });
        return { logits: logitsFromFeatures(features), extras: { features } };
      },
      explain: {
        features: (images) => backbone.apply(images, { training: false }),
        logitsFromFeatures,
        receptiveField: (size) => {
          const field = backbone.receptiveField(size);
          return (h, w) => field.box(h, w);
        },
        pooledClassifier: () => ({ weights: tf.clone(head.weight) as tf.Tensor2D, bias: tf.clone(head.bias!) as tf.Tensor1D }),
      },
      loss(batch, output) {
        const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, context.classes), output.logits) as tf.Scalar;
        return { total: ce, terms: { ce } };
      },
      phase: () => singleRatePhase(config),
      dispose: () => params.dispose(),
    };
  },
};
