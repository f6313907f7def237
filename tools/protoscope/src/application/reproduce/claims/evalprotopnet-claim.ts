import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, protopnetSchedule, read, SMALL_CNN, testEvaluation } from '../claim-settings';

const partsData = (scale: Scale) => dataset(scale, 'parts', 5);
const evaluation = testEvaluation(['classification', 'prototypes']);

function protopnetArm(scale: Scale): ArmSpec {
  const trainEpochs = epochs(scale, 10, 20);
  return { method: 'protopnet', data: partsData(scale), epochs: trainEpochs, batchSize: BATCH, config: protopnetSchedule(scale, trainEpochs), evaluation };
}

function evalProtoPNetArm(scale: Scale): ArmSpec {
  const trainEpochs = epochs(scale, 10, 20);
  return {
    method: 'evalprotopnet',
    data: partsData(scale),
    epochs: trainEpochs,
    batchSize: BATCH,
    config: {
      backbone: SMALL_CNN,
      prototypesPerClass: 10,
      prototypeDepth: 64,
      warmupEpochs: scale === 'micro' ? 0 : 2,
      jointStepEpochs: Math.max(1, Math.floor(trainEpochs / 3)),
      learningRates: { backbone: 0.002, addOn: 0.003, prototypes: 0.003, aggregation: 0.000001 },
    },
    evaluation,
  };
}

/** §4: shallow-deep alignment and score aggregation make prototypes more consistent and stable part detectors. */
export const evalProtoPNetClaim: Claim = {
  id: 'evalprotopnet',
  section: '§4',
  system: 'EvalProtoPNet (Huang et al., 2022)',
  headline: 'Shallow-deep feature alignment and score aggregation give prototypes higher consistency and stability than ProtoPNet.',
  setting: (scale) => ({
    description: `parts (data seed 5, CUB-like part keypoints), ${partsData(scale).n} images at ${partsData(scale).size} px; small CNN; ProtoPNet and EvalProtoPNet ${protopnetArm(scale).epochs} epochs; consistency and stability (EvalProtoPNet's protocol) on the test split`,
    arms: { protopnet: protopnetArm(scale), evalprotopnet: evalProtoPNetArm(scale) },
    comparisons: [
      { measure: 'consistency score', a: { arm: 'evalprotopnet', label: 'EvalProtoPNet', read: read.consistency }, b: { arm: 'protopnet', label: 'ProtoPNet', read: read.consistency }, direction: 'above' },
      { measure: 'stability score', a: { arm: 'evalprotopnet', label: 'EvalProtoPNet', read: read.stability }, b: { arm: 'protopnet', label: 'ProtoPNet', read: read.stability }, direction: 'above' },
    ],
  }),
};
