import { parseSweepSpace, type Sweep, type SweepSummary, type SweepTrialSummary } from '@protoscope/tracking';
import { ashaPromotion } from './asha';
import { gridStrategy } from './grid';
import { randomStrategy } from './random';

function sweepOf(overrides: Partial<Sweep> = {}): Sweep {
  return {
    id: 's',
    name: null,
    method: 'global',
    dataset: 'd',
    strategy: 'grid',
    space: {},
    settings: { epochs: 2, config: {} },
    budget: null,
    maxParallel: 2,
    metric: 'val/auc',
    mode: 'max',
    seed: 0,
    status: 'running',
    error: null,
    createdBy: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    finishedAt: null,
    ...overrides,
  };
}

describe('grid', () => {
  const raw = { optimizer: { values: ['adam', 'sgd'] }, depth: { min: 0, max: 2, int: true }, dropout: { min: 0.1, max: 0.2, steps: 2 } };
  const space = parseSweepSpace(raw, 'grid');

  it('expands to the exact cartesian product, the last param changing fastest', () => {
    const sweep = sweepOf({ space: raw });
    expect(gridStrategy.totalTrials(sweep, space)).toBe(12);
    const points = Array.from({ length: 12 }, (_, i) => gridStrategy.trialParams(sweep, space, i));
    const expected = [];
    for (const optimizer of ['adam', 'sgd']) for (const depth of [0, 1, 2]) for (const dropout of [0.1, 0.2]) expected.push({ optimizer, depth, dropout });
    expect(points).toEqual(expected);
  });

  it('stops at the budget', () => {
    expect(gridStrategy.totalTrials(sweepOf({ budget: 5 }), space)).toBe(5);
    expect(gridStrategy.totalTrials(sweepOf({ budget: 50 }), space)).toBe(12);
  });
});

describe('random', () => {
  const raw = {
    learningRate: { min: 0.0001, max: 0.01, log: true },
    dropout: { min: 0, max: 0.5 },
    depth: { min: 2, max: 10, int: true, step: 4 },
    optimizer: { values: ['adam', 'sgd', 'rmsprop'] },
  };
  const space = parseSweepSpace(raw, 'random');

  it('is seeded: the same seed gives the same trials in any order, another seed other trials', () => {
    const a = sweepOf({ strategy: 'random', seed: 7, budget: 20 });
    const forward = Array.from({ length: 20 }, (_, i) => randomStrategy.trialParams(a, space, i));
    const backward = Array.from({ length: 20 }, (_, i) => randomStrategy.trialParams(a, space, 19 - i)).reverse();
    expect(backward).toEqual(forward);
    const other = Array.from({ length: 20 }, (_, i) => randomStrategy.trialParams(sweepOf({ seed: 8 }), space, i));
    expect(other).not.toEqual(forward);
  });

  it('stays within bounds, on the int steps and among the values; log ranges are log-uniform', () => {
    const sweep = sweepOf({ strategy: 'random', seed: 1 });
    const trials = Array.from({ length: 2000 }, (_, i) => randomStrategy.trialParams(sweep, space, i));
    for (const t of trials) {
      expect(t.learningRate as number).toBeGreaterThanOrEqual(0.0001);
      expect(t.learningRate as number).toBeLessThanOrEqual(0.01);
      expect(t.dropout as number).toBeGreaterThanOrEqual(0);
      expect(t.dropout as number).toBeLessThanOrEqual(0.5);
      expect([2, 6, 10]).toContain(t.depth);
      expect(['adam', 'sgd', 'rmsprop']).toContain(t.optimizer);
    }
    // Log-uniform on [1e-4, 1e-2]: half the mass below 1e-3 (the geometric midpoint); uniform would put 9 %.
    const below = trials.filter((t) => (t.learningRate as number) < 0.001).length / trials.length;
    expect(below).toBeGreaterThan(0.45);
    expect(below).toBeLessThan(0.55);
    // Every int point and every value turns up about a third of the time.
    for (const depth of [2, 6, 10]) expect(trials.filter((t) => t.depth === depth).length / 2000).toBeGreaterThan(0.28);
  });
});

describe('ASHA promotions', () => {
  function trial(index: number, rungValues: number[], rung = rungValues.length - 1, state: SweepTrialSummary['state'] = 'stopped'): SweepTrialSummary {
    return { trial: index, runId: `r${index}`, rung, epochs: [1, 3, 9][rung], state, params: {}, rungValues, value: rungValues[rungValues.length - 1] ?? null, jobId: index };
  }
  function summary(trials: SweepTrialSummary[], mode: 'max' | 'min' = 'max'): SweepSummary {
    const sweep = sweepOf({ strategy: 'asha', mode, budget: 9, settings: { epochs: 9, eta: 3, minEpochs: 1, maxEpochs: 9, config: {} } });
    return { sweep, rungs: [1, 3, 9], total: 9, trials, best: null, progress: { queued: 0, running: 0, done: 0, stopped: trials.length, failed: 0 } };
  }
  // Rung-0 results of nine trials (val AUC after 1 epoch).
  const rung0 = [0.5, 0.9, 0.7, 0.6, 0.95, 0.1, 0.8, 0.3, 0.4];

  it('promotes the best third of rung 0, best first (η = 3: ⌊9/3⌋ = 3 → trials 4, 1, 6)', () => {
    const s = summary(rung0.map((v, i) => trial(i, [v])));
    const order: number[] = [];
    const exclude = new Set<number>();
    for (let p = ashaPromotion(s, exclude); p; p = ashaPromotion(s, exclude)) {
      expect(p).toMatchObject({ fromRung: 0, toRung: 1, epochs: 3 });
      order.push(p.trial);
      exclude.add(p.trial);
    }
    expect(order).toEqual([4, 1, 6]);
  });

  it('with mode min keeps the lowest values (trials 5, 7, 8)', () => {
    const s = summary(rung0.map((v, i) => trial(i, [v])), 'min');
    const exclude = new Set<number>();
    const order: number[] = [];
    for (let p = ashaPromotion(s, exclude); p; p = ashaPromotion(s, exclude)) {
      order.push(p.trial);
      exclude.add(p.trial);
    }
    expect(order).toEqual([5, 7, 8]);
  });

  it('is asynchronous: nothing with two results (⌊2/3⌋ = 0), the best of three with three', () => {
    expect(ashaPromotion(summary([trial(0, [0.2]), trial(1, [0.6])]))).toBeUndefined();
    expect(ashaPromotion(summary([trial(0, [0.2]), trial(1, [0.6]), trial(2, [0.4])]))).toEqual({ trial: 1, fromRung: 0, toRung: 1, epochs: 3 });
    // A trial still training does not count, a failed one (no result) neither.
    expect(ashaPromotion(summary([trial(0, [0.2]), trial(1, [0.6]), trial(2, [], 0, 'running'), trial(3, [], 0, 'failed')]))).toBeUndefined();
  });

  it('prefers the highest rung, and never promotes a trial twice', () => {
    // 4, 1 and 6 went on to rung 1 and finished it: 4 is the best third of rung 1's three results.
    const trials = rung0.map((v, i) => trial(i, [v]));
    trials[4] = trial(4, [0.95, 0.97]);
    trials[1] = trial(1, [0.9, 0.91]);
    trials[6] = trial(6, [0.8, 0.85]);
    expect(ashaPromotion(summary(trials))).toEqual({ trial: 4, fromRung: 1, toRung: 2, epochs: 9 });
    // Once 4 is at rung 2, rung 1 has nothing left to give and rung 0's best three are all gone on.
    trials[4] = trial(4, [0.95, 0.97], 2, 'running');
    expect(ashaPromotion(summary(trials))).toBeUndefined();
  });
});
