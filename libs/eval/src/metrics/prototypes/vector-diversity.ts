/**
 * Spread of the prototype vectors: the mean and smallest pairwise distance, and the pairs closer than
 * a threshold (near-duplicates: two prototypes that encode the same patch). Distances are Euclidean
 * or cosine (1 − cos θ). The default threshold, 1e-6, catches the exact copies a push produces when
 * two prototypes project onto the same patch; pass a larger one to catch near copies.
 */
import { MetricInputError } from '../errors';

export type PrototypeDistance = 'euclidean' | 'cosine';

export const DEFAULT_DUPLICATE_THRESHOLD = 1e-6;

export interface VectorDiversityOptions {
  /** Default 'euclidean'. */
  distance?: PrototypeDistance;
  /** A pair at a distance strictly below this is a near-duplicate; default 1e-6. */
  duplicateThreshold?: number;
}

export interface VectorDiversity {
  meanPairwiseDistance: number;
  minPairwiseDistance: number;
  /** Pairs (i < j) closer than the threshold, with their distance. */
  nearDuplicates: Array<{ first: number; second: number; distance: number }>;
  /** Prototypes that belong to at least one near-duplicate pair. */
  prototypesWithDuplicates: number;
}

export function prototypeVectorDiversity(vectors: ReadonlyArray<ArrayLike<number>>, options: VectorDiversityOptions = {}): VectorDiversity {
  const metric = 'prototypeVectorDiversity';
  const kind = options.distance ?? 'euclidean';
  const threshold = options.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  if (kind !== 'euclidean' && kind !== 'cosine') {
    throw new MetricInputError(metric, `distance is ${String(kind)}; it must be 'euclidean' or 'cosine'`);
  }
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new MetricInputError(metric, `duplicateThreshold is ${String(threshold)}; it must be a non-negative number`);
  }
  if (!Array.isArray(vectors) || vectors.length < 2) {
    throw new MetricInputError(metric, 'pass at least two prototype vectors; a distance needs a pair');
  }
  const dims = vectors[0].length;
  const norms = vectors.map((v, i) => {
    if (v.length !== dims || dims === 0) {
      throw new MetricInputError(
        metric,
        `vectors[${i}] has ${v.length} entries but vectors[0] has ${dims}; all must share one non-zero length`,
      );
    }
    let squared = 0;
    for (let d = 0; d < dims; d++) {
      if (!Number.isFinite(v[d])) {
        throw new MetricInputError(metric, `vectors[${i}][${d}] is ${String(v[d])}; entries must be finite`);
      }
      squared += v[d] * v[d];
    }
    if (kind === 'cosine' && squared === 0) {
      throw new MetricInputError(metric, `vectors[${i}] is all zero; its cosine distance is undefined`);
    }
    return Math.sqrt(squared);
  });

  let sum = 0;
  let min = Infinity;
  let pairs = 0;
  const nearDuplicates: VectorDiversity['nearDuplicates'] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      let distance: number;
      if (kind === 'euclidean') {
        let squared = 0;
        for (let d = 0; d < dims; d++) squared += (vectors[i][d] - vectors[j][d]) ** 2;
        distance = Math.sqrt(squared);
      } else {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += vectors[i][d] * vectors[j][d];
        // Rounding can push cos θ a hair past ±1; the distance itself stays in [0, 2].
        distance = Math.min(2, Math.max(0, 1 - dot / (norms[i] * norms[j])));
      }
      sum += distance;
      pairs++;
      min = Math.min(min, distance);
      if (distance < threshold) nearDuplicates.push({ first: i, second: j, distance });
    }
  }
  const involved = new Set(nearDuplicates.flatMap((p) => [p.first, p.second]));
  return { meanPairwiseDistance: sum / pairs, minPairwiseDistance: min, nearDuplicates, prototypesWithDuplicates: involved.size };
}
