import type { Claim, Scale } from '../claim';
import { byScale, read, testEvaluation } from '../claim-settings';
import { mammoDescription, mammoGlobal } from './mammo-arms';

const images = (scale: Scale) => byScale(scale, { micro: 4, quick: 20, full: 90 });

/** §5: MDM's multi-scale masks are more faithful to the model than Grad-CAM (RISE deletion/insertion). */
export const mdmClaim: Claim = {
  id: 'mdm',
  section: '§5',
  system: 'MDM, multiple dynamic masks (Peng et al., 2022)',
  headline: 'Optimised masks of several sizes explain a CNN more faithfully than Grad-CAM.',
  setting: (scale) => ({
    description: `${mammoDescription(scale)}; the global CNN of §1; deletion and insertion AUC (RISE) of MDM and Grad-CAM maps of the predicted class on the first ${images(scale)} test images`,
    arms: { global: mammoGlobal(scale, testEvaluation(['faithfulness'], ['gradcam', 'mdm'], images(scale))) },
    comparisons: [
      { measure: 'deletion AUC (lower is better)', a: { arm: 'global', label: 'MDM', read: read.deletion('mdm') }, b: { arm: 'global', label: 'Grad-CAM', read: read.deletion('gradcam') }, direction: 'below' },
      { measure: 'insertion AUC (higher is better)', a: { arm: 'global', label: 'MDM', read: read.insertion('mdm') }, b: { arm: 'global', label: 'Grad-CAM', read: read.insertion('gradcam') }, direction: 'above' },
    ],
  }),
};
