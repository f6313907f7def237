import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../../layers/linear';
import { ParameterSet } from '../../parameters/parameter-set';
import { buildBackbone } from '../build-backbone';
import type { MethodBatch, MethodDefinition, MethodModel } from '../method';
import { singleRatePhase } from '../single-rate-phase';
import type { GlobalConfig } from './global-config';
import { globalEntry } from './global-entry';

export const globalMethod: MethodDefinition<GlobalConfig> = {
  ...globalEntry,
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
