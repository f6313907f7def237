import { compareValues, type SweepSummary } from '@protoscope/tracking';
import { randomTrialParams } from './random';
import type { Promotion, SweepStrategy } from './strategy';

/**
 * Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", 2020). New trials train to the first rung (min epochs); rung k ends at min·η^k epochs, the
 * last at max epochs. When a slot frees, the highest rung k that has a promotable trial wins: one in
 * the best ⌊n_k/η⌋ of the n_k trials that completed rung k and that is still waiting at rung k. It
 * continues from its checkpoint to rung k+1. Only when nothing is promotable does a new trial start.
 * Trials never promoted have stopped early.
 */
export function ashaPromotion(summary: SweepSummary, exclude: ReadonlySet<number> = new Set()): Promotion | undefined {
  const { rungs, sweep } = summary;
  const eta = sweep.settings.eta ?? 3;
  for (let k = rungs.length - 2; k >= 0; k--) {
    const completed = summary.trials.filter((t) => t.rungValues.length > k);
    const keep = Math.floor(completed.length / eta);
    if (keep === 0) continue;
    const top = [...completed]
      .sort((a, b) => compareValues(a.rungValues[k], b.rungValues[k], sweep.mode) || a.trial - b.trial)
      .slice(0, keep);
    const next = top.find((t) => t.rung === k && t.state === 'stopped' && !exclude.has(t.trial) && t.rungValues[k] !== null);
    if (next) return { trial: next.trial, fromRung: k, toRung: k + 1, epochs: rungs[k + 1] };
  }
  return undefined;
}

export const ashaStrategy: SweepStrategy = {
  name: 'asha',
  totalTrials: (sweep) => sweep.budget ?? 0,
  trialParams: randomTrialParams,
  firstEpochs: (sweep) => sweep.settings.minEpochs ?? 1,
  promotion: ashaPromotion,
};
