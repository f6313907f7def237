/** What the cleaning step does with one web image. */
export type CleaningDecision = 'keep' | 'relabel' | 'drop';

export interface CleaningOutcome {
  decision: CleaningDecision;
  /** The label trained on: the given one (keep), the argmax (relabel), or the given one, unused (drop). */
  target: number;
}

function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
  return best;
}

/**
 * Before the relation module decides (methods reference §7, phase 1): with the soft target `scores`
 * (a distribution over the K classes), relabel to the argmax when its score exceeds τ; otherwise keep
 * the given label when its score beats chance (1/K); otherwise drop the image as noise or
 * out-of-distribution.
 */
export function cleanBySoftTarget(scores: readonly number[], label: number, threshold: number): CleaningOutcome {
  const best = argmax(scores);
  if (scores[best]! > threshold) return { decision: best === label ? 'keep' : 'relabel', target: best };
  if (scores[label]! > 1 / scores.length) return { decision: 'keep', target: label };
  return { decision: 'drop', target: label };
}

/**
 * With the relation module (phase 2): the scores are the relation module's distribution over the
 * classes (softmax of R(z, P_c), as it is trained by a cross-entropy over classes). Keep the given
 * label when its score exceeds τ; else relabel to the argmax when that one does; else drop.
 */
export function cleanByRelation(scores: readonly number[], label: number, threshold: number): CleaningOutcome {
  if (scores[label]! > threshold) return { decision: 'keep', target: label };
  const best = argmax(scores);
  if (scores[best]! > threshold) return { decision: 'relabel', target: best };
  return { decision: 'drop', target: label };
}

/** Counts of one epoch's cleaning decisions on web images, and how they match the true noise where it is known. */
export class CleaningTally {
  kept = 0;
  relabelled = 0;
  dropped = 0;
  /** Images flagged (relabelled or dropped) that were truly noisy (wrong label or out-of-distribution). */
  private flaggedNoisy = 0;
  private flaggedKnown = 0;
  private noisyKnown = 0;

  add(decision: CleaningDecision, status: string | undefined): void {
    if (decision === 'keep') this.kept++;
    else if (decision === 'relabel') this.relabelled++;
    else this.dropped++;
    if (status === undefined) return;
    const flagged = decision !== 'keep';
    const noisy = status !== 'clean';
    if (flagged) this.flaggedKnown++;
    if (noisy) this.noisyKnown++;
    if (flagged && noisy) this.flaggedNoisy++;
  }

  /**
   * `cleaning/kept|relabelled|dropped`; with ground truth also `cleaning/precision` (flagged images
   * that were noisy) and `cleaning/recall` (noisy images that were flagged); a ratio with nothing to
   * count is left out rather than reported as 0.
   */
  metrics(): Record<string, number> {
    const out: Record<string, number> = { 'cleaning/kept': this.kept, 'cleaning/relabelled': this.relabelled, 'cleaning/dropped': this.dropped };
    if (this.flaggedKnown > 0) out['cleaning/precision'] = this.flaggedNoisy / this.flaggedKnown;
    if (this.noisyKnown > 0) out['cleaning/recall'] = this.flaggedNoisy / this.noisyKnown;
    return out;
  }
}
