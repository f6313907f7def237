/**
 * How many different training images the prototypes were projected onto. A push that puts many
 * prototypes on one image (one patient, one scanner) gives fewer, redundant explanations.
 */
import { MetricInputError } from '../errors';

export interface SourceDiversity {
  prototypes: number;
  /** Distinct source images. */
  distinctSources: number;
  /** distinctSources / prototypes (1 = every prototype from its own image). */
  fraction: number;
  /** Source images that hold more than one prototype. */
  sharedSources: number;
}

/** @param sourceIds the source image of each prototype (an index or a dataset id). */
export function prototypeSourceDiversity(sourceIds: ArrayLike<string | number>): SourceDiversity {
  const metric = 'prototypeSourceDiversity';
  if (!sourceIds || sourceIds.length === 0) {
    throw new MetricInputError(metric, 'no prototypes: pass one source image id per prototype');
  }
  const counts = new Map<string | number, number>();
  for (let i = 0; i < sourceIds.length; i++) {
    const id = sourceIds[i];
    if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      throw new MetricInputError(metric, `sourceIds[${i}] is ${String(id)}; it must be a string or a finite number`);
    }
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const sharedSources = [...counts.values()].filter((count) => count > 1).length;
  return { prototypes: sourceIds.length, distinctSources: counts.size, fraction: counts.size / sourceIds.length, sharedSources };
}
