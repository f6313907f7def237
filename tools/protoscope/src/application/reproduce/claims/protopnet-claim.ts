import type { Claim } from '../claim';
import { read } from '../claim-settings';
import { mammoDescription, mammoGlobal, mammoProtoPNet } from './mammo-arms';

/** §1: prototypes cost little accuracy against the same backbone without them. */
export const protopnetClaim: Claim = {
  id: 'protopnet',
  section: '§1',
  system: 'ProtoPNet (Chen et al., NeurIPS 2019)',
  headline: 'An interpretable prototype classifier reaches accuracy comparable to its non-interpretable counterpart.',
  setting: (scale) => ({
    description: `${mammoDescription(scale)}; small CNN; global ${mammoGlobal(scale).epochs} epochs, ProtoPNet ${mammoProtoPNet(scale).epochs} epochs (push, last-layer fit); test split`,
    arms: { global: mammoGlobal(scale), protopnet: mammoProtoPNet(scale) },
    comparisons: [
      {
        measure: 'test AUC, within 0.05 of global',
        a: { arm: 'protopnet', label: 'ProtoPNet', read: read.auc },
        b: { arm: 'global', label: 'global', read: read.auc },
        direction: 'at-least',
        margin: 0.05,
      },
    ],
  }),
};
