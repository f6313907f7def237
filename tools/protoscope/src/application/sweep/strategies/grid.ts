import { gridSize, gridValues, type JsonObject } from '@protoscope/tracking';
import type { SweepStrategy } from './strategy';

/**
 * Every combination of the space's values, in order: trial i is i written in the mixed radix of the
 * params' value counts, the last param changing fastest. A budget keeps the first `budget` points.
 */
export const gridStrategy: SweepStrategy = {
  name: 'grid',
  totalTrials: (sweep, space) => Math.min(gridSize(space), sweep.budget ?? Number.POSITIVE_INFINITY),
  trialParams(_sweep, space, index) {
    const params: JsonObject = {};
    let rest = index;
    for (let p = space.length - 1; p >= 0; p--) {
      const values = gridValues(space[p].param);
      params[space[p].key] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    return Object.fromEntries(space.map(({ key }) => [key, params[key]]));
  },
  firstEpochs: (sweep) => sweep.settings.epochs,
};
