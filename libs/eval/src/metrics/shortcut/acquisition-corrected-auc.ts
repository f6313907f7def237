/**
 * Ong Ly et al.'s (Data-Bias-Analysis) estimate of the performance that does not come from
 * acquisition bias: P_est = P_source − P_shuffled + ½, where P_source is the AUC of a model trained and
 * tested on the original images and P_shuffled that of the same recipe on pixel-shuffled images
 * (`pixelShuffle`), which only acquisition traits survive.
 */
import { MetricInputError } from '../errors';

/**
 * P_est = P_source − P_shuffled + ½: the AUC left once what pixel-shuffled images already achieve
 * (acquisition bias alone) is taken away, on the AUC scale (½ = chance). Not clipped: a value above
 * P_source means the shuffled model was worse than chance.
 */
export function acquisitionCorrectedAuc(sourceAuc: number, shuffledAuc: number): number {
  const metric = 'acquisitionCorrectedAuc';
  for (const [name, value] of [['sourceAuc', sourceAuc], ['shuffledAuc', shuffledAuc]] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new MetricInputError(metric, `${name} is ${String(value)}; an AUC is in [0, 1]`);
    }
  }
  return sourceAuc - shuffledAuc + 0.5;
}
