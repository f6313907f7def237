/**
 * The arms on synthetic two-view mammography shared by the ProtoPNet, BRAIxProtoPNet++, multiview and
 * MDM claims: one dataset, so a `global` run trained for one claim serves the others.
 */
import type { ArmSpec, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, protopnetSchedule, SMALL_CNN, testEvaluation } from '../claim-settings';

export const mammoData = (scale: Scale) => dataset(scale, 'mammo-two-view', 7);
export const mammoDescription = (scale: Scale) => `mammo-two-view (data seed 7), ${mammoData(scale).n} images at ${mammoData(scale).size} px`;

export const mammoGlobal = (scale: Scale, evaluation = testEvaluation(['classification'])): ArmSpec => globalArm(mammoData(scale), epochs(scale, 8, 15), evaluation);

export function mammoProtoPNet(scale: Scale): ArmSpec {
  const trainEpochs = epochs(scale, 10, 20);
  return { method: 'protopnet', data: mammoData(scale), epochs: trainEpochs, batchSize: BATCH, config: protopnetSchedule(scale, trainEpochs), evaluation: testEvaluation(['classification', 'prototypes']) };
}

export function mammoBraix(scale: Scale): ArmSpec {
  const trainEpochs = epochs(scale, 10, 20);
  const { learningRates, ...schedule } = protopnetSchedule(scale, trainEpochs);
  return {
    method: 'braix-protopnet-pp',
    data: mammoData(scale),
    epochs: trainEpochs,
    batchSize: BATCH,
    config: {
      ...schedule,
      globalEpochs: scale === 'micro' ? 0 : 3,
      prototypeEpochs: scale === 'micro' ? 0 : 2,
      globalLearningRate: 0.002,
      distinctImages: 'global',
      learningRates: { ...learningRates, backbone: 0.001 },
    },
    evaluation: testEvaluation(['classification', 'prototypes']),
  };
}

export function mammoMultiview(scale: Scale): ArmSpec {
  return {
    method: 'multiview',
    data: mammoData(scale),
    epochs: epochs(scale, 5, 12),
    batchSize: BATCH,
    config: { backbone: SMALL_CNN, heads: 8, consistencyWeight: 1, learningRates: { backbone: 0.001, heads: 0.001 }, stepEpochs: 0 },
    evaluation: testEvaluation(['classification']),
  };
}
