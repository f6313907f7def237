/**
 * Energy-based pointing game (Score-CAM, Wang et al. 2020): the share of the map's mass that falls
 * inside the ground truth, Σ_{p ∈ G} s_p / Σ_p s_p. It rewards maps that put their mass on the
 * object rather than only their peak. The map must be non-negative (a ReLU'd or min-max scaled map);
 * an all-zero map has no mass to share, so the score is undefined for it.
 */
import { MetricInputError, UndefinedMetricError } from '../errors';
import { checkMapSize, checkSaliency, groundTruthMask, type GroundTruthRegion, type MapSize } from './inputs';

export function energyPointingGame(saliency: Float32Array, groundTruth: GroundTruthRegion, size: MapSize): number {
  const metric = 'energyPointingGame';
  checkMapSize(metric, size);
  checkSaliency(metric, saliency, size);
  const mask = groundTruthMask(metric, groundTruth, size);
  let inside = 0;
  let total = 0;
  for (let i = 0; i < saliency.length; i++) {
    const value = saliency[i];
    if (value < 0) {
      throw new MetricInputError(
        metric,
        `saliency[${i}] is ${value}; the energy pointing game needs a non-negative map (apply ReLU or min-max scaling first)`,
      );
    }
    total += value;
    if (mask[i] === 1) inside += value;
  }
  if (total === 0) {
    throw new UndefinedMetricError(
      metric,
      'empty-saliency', 'the saliency map is all zero, so it has no mass to place inside the ground truth',
    );
  }
  return inside / total;
}
