import type { SeedInterval } from './seed-interval';

/**
 * What a comparison asks of figure A against figure B:
 * - `above`: A > B (strictly better, higher);
 * - `below`: A < B (strictly better, lower — deletion AUC);
 * - `at-least`: A ≥ B (no worse: a tie at a ceiling holds).
 * `margin` turns `at-least` into non-inferiority: A ≥ B − margin.
 */
export type ComparisonDirection = 'above' | 'below' | 'at-least';

export type Verdict = 'holds' | 'does not hold' | 'inconclusive' | 'not available';

/**
 * The verdict rule. With each figure's 95 % interval over seeds ([lo, hi]; a fixed target is
 * [v, v]):
 * - `above`:    holds when lo(A) > hi(B); does not hold when hi(A) ≤ lo(B); else inconclusive.
 * - `below`:    holds when hi(A) < lo(B); does not hold when lo(A) ≥ hi(B); else inconclusive.
 * - `at-least`: holds when lo(A) ≥ hi(B) − margin; does not hold when hi(A) < lo(B) − margin; else
 *               inconclusive.
 * So overlapping intervals are inconclusive, and a single seed (no interval) is always inconclusive.
 */
export function verdictOf(a: SeedInterval, b: SeedInterval, direction: ComparisonDirection, margin = 0): Verdict {
  if (a.lower === undefined || a.upper === undefined || b.lower === undefined || b.upper === undefined) return 'inconclusive';
  switch (direction) {
    case 'above':
      return a.lower > b.upper ? 'holds' : a.upper <= b.lower ? 'does not hold' : 'inconclusive';
    case 'below':
      return a.upper < b.lower ? 'holds' : a.lower >= b.upper ? 'does not hold' : 'inconclusive';
    case 'at-least':
      return a.lower >= b.upper - margin ? 'holds' : a.upper < b.lower - margin ? 'does not hold' : 'inconclusive';
  }
}

/** A claim's verdict from its comparisons': every one must hold; one that does not hold decides. */
export function claimVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0 || verdicts.includes('not available')) return 'not available';
  if (verdicts.includes('does not hold')) return 'does not hold';
  return verdicts.every((v) => v === 'holds') ? 'holds' : 'inconclusive';
}
