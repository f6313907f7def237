import type { Claim } from '../claim';
import { read } from '../claim-settings';
import { mammoDescription, mammoGlobal, mammoMultiview } from './mammo-arms';

/** §3: reading both views of a breast beats reading one. */
export const multiviewClaim: Claim = {
  id: 'multiview',
  section: '§3',
  system: 'Multi-view co-occurrence + global consistency (Chen et al., MICCAI 2022)',
  headline: 'Modelling the local co-occurrence and global consistency of the two views improves classification over a single view.',
  setting: (scale) => ({
    description: `${mammoDescription(scale)}; small CNN; multiview ${mammoMultiview(scale).epochs} epochs on CC/MLO pairs (test AUC over pair examples, each image once as the main view) against single-view global (${mammoGlobal(scale).epochs} epochs) on the same test images`,
    arms: { multiview: mammoMultiview(scale), global: mammoGlobal(scale) },
    comparisons: [{ measure: 'test AUC', a: { arm: 'multiview', label: 'multiview', read: read.auc }, b: { arm: 'global', label: 'global (one view)', read: read.auc }, direction: 'above' }],
  }),
};
