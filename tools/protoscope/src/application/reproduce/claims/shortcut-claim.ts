import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, protopnetSchedule, read, testEvaluation } from '../claim-settings';

/**
 * Two sites with different disease prevalence, or the same; different data seeds keep the two
 * datasets' ids apart in the store. Faint findings (lesion contrast 0.1, half the generator's default):
 * with the default the finding alone gave test AUC 1.000 in the quick setting, and a model at the
 * ceiling has no use for the site.
 */
const sites = (scale: Scale, prevalence: string, seed: number) => dataset(scale, 'cxr-multisource', seed, { prevalence, 'lesion-contrast': '0.1' });

function protopnetOn(scale: Scale, prevalence: string, seed: number): ArmSpec {
  const trainEpochs = epochs(scale, 8, 12);
  return { method: 'protopnet', data: sites(scale, prevalence, seed), epochs: trainEpochs, batchSize: BATCH, config: protopnetSchedule(scale, trainEpochs), evaluation: testEvaluation(['classification', 'shortcut']) };
}

/** §11: a prevalence difference between sources lets the model score the source; balancing it takes that away. */
export const shortcutClaim: Claim = {
  id: 'shortcut',
  section: '§11',
  system: 'Source shortcuts in multi-source chest X-rays, shown with PRP (Gautam et al., 2022)',
  headline: 'When disease prevalence differs between sources, the model learns the source as a shortcut; balancing prevalence across sources removes it.',
  setting: (scale) => ({
    description: `cxr-multisource, two sites with a site signature, faint findings (lesion contrast 0.1), prevalence 0.2 / 0.8 (data seed 0) against 0.5 / 0.5 (data seed 1), ${sites(scale, '0.2,0.8', 0).n} images at ${sites(scale, '0.2,0.8', 0).size} px each; ProtoPNet on the small CNN, ${protopnetOn(scale, '0.2,0.8', 0).epochs} epochs; shortcut gap = pooled test AUC − prevalence-balanced test AUC (each site re-weighted to the pooled prevalence)`,
    arms: { imbalanced: protopnetOn(scale, '0.2,0.8', 0), balanced: protopnetOn(scale, '0.5,0.5', 1) },
    comparisons: [
      {
        measure: 'shortcut gap (AUC − balanced AUC)',
        a: { arm: 'imbalanced', label: 'prevalence 0.2 / 0.8', read: read.shortcutGap },
        b: { arm: 'balanced', label: 'prevalence 0.5 / 0.5', read: read.shortcutGap },
        direction: 'above',
      },
    ],
  }),
};
