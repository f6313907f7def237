import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, read, SMALL_CNN, testEvaluation } from '../claim-settings';

/** Small, faint lesions (as `bench/experiments/adacam-mammo.sh`). */
const smallLesions = (scale: Scale) => dataset(scale, 'mammo-two-view', 5, { 'lesion-scale': '0.6', 'lesion-contrast': '0.2' });

function adaCamArm(scale: Scale): ArmSpec {
  return {
    method: 'adacam',
    data: smallLesions(scale),
    epochs: epochs(scale, 8, 20),
    batchSize: BATCH,
    config: { backbone: SMALL_CNN, locations: 3, regionSizes: [1, 3], sampling: 'top', localWeight: 1, learningRate: 0.002, stepEpochs: 0 },
    evaluation: testEvaluation(['classification']),
  };
}

/** §8: attention-sampled local views help where lesions are small. */
export const adaCamClaim: Claim = {
  id: 'adacam',
  section: '§8',
  system: 'AdaCAM multi-view feature augmentation (Gao et al., 2022)',
  headline: 'Augmenting training with local features at high-attention locations improves classification of small lesions over a global model.',
  setting: (scale) => ({
    description: `mammo-two-view with small faint lesions (data seed 5, lesion scale 0.6, contrast 0.2; normal / benign / malignant), ${smallLesions(scale).n} images at ${smallLesions(scale).size} px; small CNN; adacam and global ${adaCamArm(scale).epochs} epochs; test split`,
    arms: { adacam: adaCamArm(scale), global: globalArm(smallLesions(scale), adaCamArm(scale).epochs) },
    comparisons: [{ measure: 'test AUC (macro one-vs-rest)', a: { arm: 'adacam', label: 'AdaCAM', read: read.auc }, b: { arm: 'global', label: 'global', read: read.auc }, direction: 'above' }],
  }),
};
