/**
 * EvalProtoPNet stability: does a prototype cover the same parts when imperceptible noise is added
 * to the input? For each prototype and own-class image, compare the covered-part vectors computed
 * from the clean and from the noisy activation map (`addStabilityNoise` makes the noisy input); the
 * image is stable when the vectors are identical. Per prototype: the fraction of stable images;
 * score = 100 × the mean of those fractions over prototypes.
 */
import { MetricInputError } from '../errors';
import {
  checkActivationMap,
  checkParts,
  isArray,
  partsInRegion,
  regionHalfSizes,
  regionsOf,
  type PartKeypoint,
  type PartRegionOptions,
} from './part-coverage';

/** One prototype on one image: its map on the clean and on the noisy input, and the image's parts. */
export interface PairedPartActivation {
  clean: Float32Array;
  noisy: Float32Array;
  parts: readonly PartKeypoint[];
}

export interface StabilityResult {
  /** 100 × mean over prototypes of the fraction of stable images. */
  score: number;
  /** Per prototype: fraction of its images whose covered parts did not change. */
  perPrototype: number[];
}

export async function prototypeStability(
  prototypes: ReadonlyArray<readonly PairedPartActivation[]>,
  options: PartRegionOptions,
): Promise<StabilityResult> {
  const metric = 'prototypeStability';
  const half = regionHalfSizes(metric, options);
  if (!isArray(prototypes) || prototypes.length === 0) {
    throw new MetricInputError(metric, 'no prototypes: pass one array of { clean, noisy, parts } per prototype');
  }
  const partLists: Array<{ parts: readonly PartKeypoint[]; where: string }> = [];
  prototypes.forEach((images, j) => {
    if (!isArray(images) || images.length === 0) {
      throw new MetricInputError(
        metric,
        `prototypes[${j}] has no image; stability is a fraction over the prototype's own-class images`,
      );
    }
    images.forEach((a, i) => {
      checkActivationMap(metric, a.clean, options.mapSize, `prototypes[${j}][${i}].clean`);
      checkActivationMap(metric, a.noisy, options.mapSize, `prototypes[${j}][${i}].noisy`);
      partLists.push({ parts: a.parts, where: `prototypes[${j}][${i}]` });
    });
  });
  checkParts(metric, partLists);

  const perPrototype: number[] = [];
  for (const images of prototypes) {
    const regions = await regionsOf(images.flatMap((a) => [a.clean, a.noisy]), options, half);
    let stable = 0;
    images.forEach((a, i) => {
      const clean = partsInRegion(regions[2 * i], a.parts);
      const noisy = partsInRegion(regions[2 * i + 1], a.parts);
      if (clean.every((value, k) => value === noisy[k])) stable++;
    });
    perPrototype.push(stable / images.length);
  }
  return { score: (100 * perPrototype.reduce((sum, f) => sum + f, 0)) / perPrototype.length, perPrototype };
}
