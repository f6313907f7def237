import type { Claim } from '../claim';
import { read } from '../claim-settings';
import { mammoBraix, mammoDescription, mammoGlobal, mammoProtoPNet } from './mammo-arms';

/** §2: the ensemble of the global and prototype branches is at least as good as either, and the diverse push uses one image per prototype. */
export const braixClaim: Claim = {
  id: 'braix',
  section: '§2',
  system: 'BRAIxProtoPNet++ (Wang et al., MICCAI 2022)',
  headline: 'Distilling a global model into ProtoPNet gives a classifier at least as accurate as both, and the diverse push gives every prototype its own training image.',
  setting: (scale) => ({
    description: `${mammoDescription(scale)}; small CNN; BRAIxProtoPNet++ ${mammoBraix(scale).epochs} epochs (3 global, 2 prototype, then joint; global diverse push) against separately trained global and ProtoPNet (the §1 runs); test split`,
    arms: { braix: mammoBraix(scale), global: mammoGlobal(scale), protopnet: mammoProtoPNet(scale) },
    comparisons: [
      { measure: 'test AUC', a: { arm: 'braix', label: 'BRAIxProtoPNet++', read: read.auc }, b: { arm: 'global', label: 'global', read: read.auc }, direction: 'at-least' },
      { measure: 'test AUC', a: { arm: 'braix', label: 'BRAIxProtoPNet++', read: read.auc }, b: { arm: 'protopnet', label: 'ProtoPNet', read: read.auc }, direction: 'at-least' },
      {
        measure: 'prototypes with a source image of their own (last push)',
        a: { arm: 'braix', label: 'BRAIxProtoPNet++', read: read.distinctFraction },
        b: { target: 1, label: 'all (100 %)' },
        direction: 'at-least',
      },
    ],
  }),
};
