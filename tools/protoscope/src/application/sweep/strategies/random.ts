import { SeededRandom } from '@protoscope/datasets';
import type { JsonObject, JsonValue, SweepParam, SweepSpace } from '@protoscope/tracking';
import type { Sweep } from '@protoscope/tracking';
import type { SweepStrategy } from './strategy';

/** One value of a param: a uniform choice, uniform (or log-uniform) in a range, an integer on its step. */
export function sampleParam(param: SweepParam, random: SeededRandom): JsonValue {
  switch (param.kind) {
    case 'values':
      return param.values[random.int(0, param.values.length - 1)];
    case 'real':
      return param.log ? Math.exp(random.uniform(Math.log(param.min), Math.log(param.max))) : random.uniform(param.min, param.max);
    case 'int': {
      const points = Math.floor((param.max - param.min) / param.step);
      if (!param.log) return param.min + param.step * random.int(0, points);
      // Log-uniform over [min, max + step) so every point keeps a share, then down to its step.
      const x = Math.exp(random.uniform(Math.log(param.min), Math.log(param.max + param.step)));
      return param.min + param.step * Math.min(points, Math.floor((x - param.min) / param.step));
    }
  }
}

/** Trial i's values: its own generator derived from the sweep's seed and i, so order never matters. */
export function randomTrialParams(sweep: Sweep, space: SweepSpace, index: number): JsonObject {
  const random = SeededRandom.derive(sweep.seed, 'sweep-trial', index);
  return Object.fromEntries(space.map(({ key, param }) => [key, sampleParam(param, random)]));
}

export const randomStrategy: SweepStrategy = {
  name: 'random',
  totalTrials: (sweep) => sweep.budget ?? 0,
  trialParams: randomTrialParams,
  firstEpochs: (sweep) => sweep.settings.epochs,
};
