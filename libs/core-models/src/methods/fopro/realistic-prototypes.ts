/** Scales a vector in place to unit L2 length (left alone when it is zero). */
function normalise(values: Float32Array, start: number, length: number): void {
  let norm = 0;
  for (let d = 0; d < length; d++) norm += values[start + d]! ** 2;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < length; d++) values[start + d]! /= norm;
}

export class FewShotClassMissingError extends Error {
  override name = 'FewShotClassMissingError';
}

/**
 * FoPro's realistic prototypes: P_c = the L2-normalised mean of the few-shot images' key embeddings
 * of class c (rows of `embeddings`, D each). Every class needs at least one few-shot image.
 */
export function realisticPrototypes(embeddings: readonly Float32Array[], labels: readonly number[], classes: number, describeClass: (k: number) => string = String): Float32Array {
  const dim = embeddings[0]?.length ?? 0;
  const sums = new Float32Array(classes * dim);
  const counts = new Array<number>(classes).fill(0);
  embeddings.forEach((row, i) => {
    const k = labels[i]!;
    counts[k]!++;
    for (let d = 0; d < dim; d++) sums[k * dim + d]! += row[d]!;
  });
  const missing = counts.findIndex((n) => n === 0);
  if (missing >= 0) throw new FewShotClassMissingError(`fopro: the few-shot split has no image of class ${describeClass(missing)}; every class needs at least one to build its prototype`);
  for (let k = 0; k < classes; k++) {
    for (let d = 0; d < dim; d++) sums[k * dim + d]! /= counts[k]!;
    normalise(sums, k * dim, dim);
  }
  return sums;
}

/**
 * Prototype polishing: for every clean sample in order, P_y ← factor·P_y + (1 − factor)·z, then P_y
 * is re-normalised (`prototypes` [K·D] is updated in place; `keys` are the samples' key embeddings).
 */
export function polishPrototypes(prototypes: Float32Array, keys: readonly Float32Array[], targets: readonly number[], factor: number): void {
  const dim = keys[0]?.length ?? 0;
  keys.forEach((z, i) => {
    const start = targets[i]! * dim;
    for (let d = 0; d < dim; d++) prototypes[start + d] = factor * prototypes[start + d]! + (1 - factor) * z[d]!;
    normalise(prototypes, start, dim);
  });
}

/** Writes `rows` into the ring buffer `queue` [Q·D] from row `pointer` on, wrapping; returns the next pointer. */
export function enqueueRows(queue: Float32Array, pointer: number, rows: readonly Float32Array[]): number {
  const dim = rows[0]?.length ?? 0;
  const capacity = dim === 0 ? 0 : queue.length / dim;
  let at = pointer;
  for (const row of rows) {
    queue.set(row, at * dim);
    at = (at + 1) % capacity;
  }
  return at;
}
