import type { JsonObject, Sweep, SweepSpace, SweepSummary } from '@protoscope/tracking';

/** A trial to continue from its checkpoint: from `fromRung` to `toRung`, trained to `epochs` in all. */
export interface Promotion {
  trial: number;
  fromRung: number;
  toRung: number;
  epochs: number;
}

/**
 * How a sweep chooses its trials. The controller (advance-sweep.ts) asks, for every free slot, first
 * for a promotion (only ASHA has them), then for the next new trial while `totalTrials` allows; the
 * params of trial i depend only on the sweep and i, so any controller on any host computes the same.
 */
export interface SweepStrategy {
  readonly name: Sweep['strategy'];
  /** How many trials the sweep starts in all. */
  totalTrials(sweep: Sweep, space: SweepSpace): number;
  /** The space's values for trial `index` (dotted config key → value). */
  trialParams(sweep: Sweep, space: SweepSpace, index: number): JsonObject;
  /** Epochs a new trial trains before its first result. */
  firstEpochs(sweep: Sweep): number;
  /** A trial to continue now, given where the sweep stands; `exclude` lists trials just promoted. */
  promotion?(summary: SweepSummary, exclude: ReadonlySet<number>): Promotion | undefined;
}
