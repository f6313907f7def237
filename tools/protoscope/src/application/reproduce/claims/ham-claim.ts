import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, read, SMALL_CNN, testEvaluation } from '../claim-settings';

/** Chest images with three finding types, boxes on 30 % of the diseased, no site signature (as `bench/experiments/ham-cxr.sh`). */
const cxrData = (scale: Scale) =>
  dataset(scale, 'cxr-multisource', 11, { 'finding-types': '3', 'box-fraction': '0.3', prevalence: '0.6', 'signature-strength': '0' });
const localisation = testEvaluation(['classification', 'localisation'], ['gradcam', 'ham']);

function hamArm(scale: Scale): ArmSpec {
  return { method: 'ham', data: cxrData(scale), epochs: epochs(scale, 8, 20), batchSize: BATCH, config: { backbone: SMALL_CNN, learningRate: 0.001, stepEpochs: 0 }, evaluation: localisation };
}

/** §6: HAM's attention, trained with boxes and ordinal constraints, localises findings better than Grad-CAM. */
export const hamClaim: Claim = {
  id: 'ham',
  section: '§6',
  system: 'HAM, hierarchical attention mining (Ouyang et al., IEEE TMI 2021)',
  headline: "HAM's attention maps localise abnormalities better than plain class activation / Grad-CAM maps.",
  setting: (scale) => ({
    description: `cxr-multisource (data seed 11; 3 finding types, boxes on 30 % of diseased images, prevalence 0.6, no site signature), ${cxrData(scale).n} images at ${cxrData(scale).size} px; small CNN; ham and global ${hamArm(scale).epochs} epochs; T(IoU) at 0.3 of the abnormal class's maps against the lesion union, test split`,
    arms: { ham: hamArm(scale), global: globalArm(cxrData(scale), hamArm(scale).epochs, localisation) },
    comparisons: [
      {
        measure: 'T(IoU) at 0.3',
        a: { arm: 'ham', label: "HAM's attention (ham run)", read: read.tIoU('ham', '0.3') },
        b: { arm: 'global', label: 'Grad-CAM (global run)', read: read.tIoU('gradcam', '0.3') },
        direction: 'above',
      },
    ],
  }),
};
