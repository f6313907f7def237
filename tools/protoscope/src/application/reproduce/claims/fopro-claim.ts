import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, read, testEvaluation } from '../claim-settings';

/** Web-like training data over `parts`: a share of wrong labels, 10 % out-of-distribution images, a clean few-shot split of 5 per class. */
const webNoisy = (scale: Scale, noise: string, seed: number) => dataset(scale, 'web-noisy', seed, { base: 'parts', 'label-noise': noise });
const NOISE_LEVELS = [
  { noise: '0.2', seed: 3 },
  { noise: '0.4', seed: 4 },
] as const;
/** `quick` tests 20 % only, the full setting both levels. */
const levels = (scale: Scale) => (scale === 'quick' ? NOISE_LEVELS.slice(0, 1) : NOISE_LEVELS);

function foproArm(scale: Scale, noise: string, seed: number): ArmSpec {
  // FoPro with its documented defaults (docs/methods.md): the method is new and its defaults are its specification.
  return { method: 'fopro', data: webNoisy(scale, noise, seed), epochs: epochs(scale, 8, 20), batchSize: BATCH, config: {}, evaluation: testEvaluation(['classification']) };
}

/** §7: prototypes from a few clean images clean and relabel noisy web data, beating plain training on it. */
export const foproClaim: Claim = {
  id: 'fopro',
  section: '§7',
  system: 'FoPro, few-shot guided prototypes (Qin et al., AAAI 2023)',
  headline: 'Few-shot guided prototypes correct and drop noisy web samples, so training on noisy web data reaches higher accuracy than plain training.',
  setting: (scale) => ({
    description: `web-noisy over parts (10 % out-of-distribution images, 5 clean few-shot images per class), label noise ${levels(scale).map(({ noise, seed }) => `${Number(noise) * 100} % (data seed ${seed})`).join(' and ')}, ${webNoisy(scale, '0.2', 3).n} images at ${webNoisy(scale, '0.2', 3).size} px; fopro with its defaults and global (small CNN, noisy train split only) ${foproArm(scale, '0.2', 3).epochs} epochs; clean test split`,
    arms: Object.fromEntries(
      levels(scale).flatMap(({ noise, seed }) => [
        [`fopro-${noise}`, foproArm(scale, noise, seed)],
        [`global-${noise}`, globalArm(webNoisy(scale, noise, seed), foproArm(scale, noise, seed).epochs)],
      ]),
    ),
    comparisons: levels(scale).map(({ noise }) => ({
      measure: `test accuracy, ${Number(noise) * 100} % label noise`,
      a: { arm: `fopro-${noise}`, label: 'FoPro', read: read.accuracy },
      b: { arm: `global-${noise}`, label: 'global', read: read.accuracy },
      direction: 'above' as const,
    })),
  }),
};
