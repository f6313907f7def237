import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, read, SMALL_CNN, testEvaluation } from '../claim-settings';

const fundusData = (scale: Scale) => dataset(scale, 'fundus-lesions', 11);

function lesionLinkedArm(scale: Scale): ArmSpec {
  return { method: 'lesion-linked', data: fundusData(scale), epochs: epochs(scale, 8, 20), batchSize: BATCH, config: { backbone: SMALL_CNN, learningRate: 0.001, stepEpochs: 0 }, evaluation: testEvaluation(['classification']) };
}

/** §10: a grade computed from identified lesions, trained with image-level labels only, is as good as a direct grade. */
export const lesionLinkedClaim: Claim = {
  id: 'lesion-linked',
  section: '§10',
  system: 'AMD grade from joint lesion identification (Morano et al., CMPB 2023)',
  headline: 'Deriving the diagnosis from per-lesion activation maps explains it by lesions without losing accuracy against a direct classifier.',
  setting: (scale) => ({
    description: `fundus-lesions (data seed 11; grade 0–4 as the task), ${fundusData(scale).n} images at ${fundusData(scale).size} px; small CNN; lesion-linked and global ${lesionLinkedArm(scale).epochs} epochs; test split`,
    arms: { 'lesion-linked': lesionLinkedArm(scale), global: globalArm(fundusData(scale), lesionLinkedArm(scale).epochs) },
    comparisons: [
      { measure: 'test grade AUC (macro one-vs-rest)', a: { arm: 'lesion-linked', label: 'lesion-linked', read: read.auc }, b: { arm: 'global', label: 'global', read: read.auc }, direction: 'at-least' },
    ],
  }),
};
