import type { SweepStrategy as StrategyName } from '@protoscope/tracking';
import { ashaStrategy } from './asha';
import { gridStrategy } from './grid';
import { randomStrategy } from './random';
import type { SweepStrategy } from './strategy';

/** The strategies by name: adding one is one file and one line here. */
export const SWEEP_STRATEGY_REGISTRY: Readonly<Record<StrategyName, SweepStrategy>> = {
  grid: gridStrategy,
  random: randomStrategy,
  asha: ashaStrategy,
};

export type { SweepStrategy, Promotion } from './strategy';
