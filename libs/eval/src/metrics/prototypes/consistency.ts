/**
 * EvalProtoPNet consistency: does a prototype land on the same object part across the images of its
 * class? Per prototype, over its own-class images (see `part-coverage.ts` for the region rule):
 *
 *   frequency_k = #(images where part k is covered) / #(images where part k is visible),
 *
 * with 0/0 counted as 0 (a part never visible cannot make a prototype consistent). The prototype is
 * consistent when some part has frequency ≥ 0.8; score = 100 × consistent / all prototypes.
 */
import { MetricInputError } from '../errors';
import {
  checkActivationMap,
  checkParts,
  isArray,
  partsInRegion,
  regionHalfSizes,
  regionsOf,
  type PartActivation,
  type PartRegionOptions,
} from './part-coverage';

export const DEFAULT_CONSISTENCY_FREQUENCY = 0.8;

export interface ConsistencyOptions extends PartRegionOptions {
  /** A part frequency at or above this makes the prototype consistent; default 0.8. */
  frequencyThreshold?: number;
}

export interface PrototypeConsistency {
  consistent: boolean;
  /** Per part: covered / visible over the prototype's images (0 when never visible). */
  frequencies: number[];
  images: number;
}

export interface ConsistencyResult {
  /** 100 × fraction of consistent prototypes. */
  score: number;
  perPrototype: PrototypeConsistency[];
}

/**
 * @param prototypes one entry per prototype: its activation on each image of its own class, with
 *   that image's part keypoints.
 */
export async function prototypeConsistency(
  prototypes: ReadonlyArray<readonly PartActivation[]>,
  options: ConsistencyOptions,
): Promise<ConsistencyResult> {
  const metric = 'prototypeConsistency';
  const half = regionHalfSizes(metric, options);
  const threshold = options.frequencyThreshold ?? DEFAULT_CONSISTENCY_FREQUENCY;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new MetricInputError(metric, `frequencyThreshold is ${String(threshold)}; it must be in [0, 1]`);
  }
  if (!isArray(prototypes) || prototypes.length === 0) {
    throw new MetricInputError(metric, 'no prototypes: pass one array of { map, parts } per prototype');
  }
  const partLists: Array<{ parts: PartActivation['parts']; where: string }> = [];
  prototypes.forEach((images, j) => {
    if (!isArray(images)) throw new MetricInputError(metric, `prototypes[${j}] must be an array of { map, parts }`);
    images.forEach((a, i) => {
      checkActivationMap(metric, a.map, options.mapSize, `prototypes[${j}][${i}].map`);
      partLists.push({ parts: a.parts, where: `prototypes[${j}][${i}]` });
    });
  });
  if (partLists.length === 0) {
    throw new MetricInputError(metric, 'no prototype has any image; pass each prototype its own-class images');
  }
  const partCount = checkParts(metric, partLists);

  const perPrototype: PrototypeConsistency[] = [];
  for (const images of prototypes) {
    const regions = await regionsOf(images.map((a) => a.map), options, half);
    const covered = new Float64Array(partCount);
    const visible = new Float64Array(partCount);
    images.forEach((a, i) => {
      const hits = partsInRegion(regions[i], a.parts);
      for (let k = 0; k < partCount; k++) {
        covered[k] += hits[k];
        visible[k] += a.parts[k].visible ? 1 : 0;
      }
    });
    const frequencies = Array.from(covered, (c, k) => (visible[k] === 0 ? 0 : c / visible[k]));
    perPrototype.push({ consistent: frequencies.some((f) => f >= threshold), frequencies, images: images.length });
  }
  const consistentCount = perPrototype.filter((p) => p.consistent).length;
  return { score: (100 * consistentCount) / perPrototype.length, perPrototype };
}
