import { InvalidInputError } from './errors';
import { gridSize, gridValues, parseSweepSpace } from './sweeps-space';
import { describeEachStore, useFreshStore } from './test-support/store-factories';
import type { Store } from './store';

describe('sweep space', () => {
  it('reads values, real and int ranges, and spaces a grid as asked', () => {
    const space = parseSweepSpace(
      {
        learningRate: { min: 0.0001, max: 0.01, log: true, steps: 3 },
        dropout: { min: 0, max: 0.5, steps: 3 },
        'backbone.options.depth': { min: 2, max: 8, int: true, step: 3 },
        optimizer: { values: ['adam', 'sgd'] },
      },
      'grid',
    );
    expect(space.map((p) => p.key)).toEqual(['learningRate', 'dropout', 'backbone.options.depth', 'optimizer']);
    const [lr, dropout, depth, optimizer] = space.map((p) => gridValues(p.param));
    // 1e-4, 1e-3, 1e-2: evenly spaced in log.
    expect(lr[0]).toBe(0.0001);
    expect(lr[1]).toBeCloseTo(0.001, 12);
    expect(lr[2]).toBe(0.01);
    expect(dropout).toEqual([0, 0.25, 0.5]);
    expect(depth).toEqual([2, 5, 8]);
    expect(optimizer).toEqual(['adam', 'sgd']);
    expect(gridSize(space)).toBe(3 * 3 * 3 * 2);
  });

  it.each([
    [{}, 'sweep space has no params'],
    [{ lr: { min: 1, max: 0.1 } }, 'sweep space: "lr": "min" (1) is above "max" (0.1)'],
    [{ lr: { min: 0, max: 1, log: true } }, 'sweep space: "lr": a log range needs "min" > 0, got 0'],
    [{ lr: { values: [] } }, 'sweep space: "lr": "values" must be a non-empty list'],
    [{ lr: { min: 0, max: 1, by: 2 } }, 'sweep space: "lr": unknown field "by"'],
    [{ depth: { min: 1.5, max: 3, int: true } }, 'sweep space: "depth": an int range needs integer "min" and "max"'],
    [{ 'a b': { values: [1] } }, 'sweep space: "a b": a param is a dotted config key'],
  ])('refuses %j with one line naming the param', (raw, message) => {
    expect(() => parseSweepSpace(raw)).toThrow(InvalidInputError);
    expect(() => parseSweepSpace(raw)).toThrow(message);
  });

  it('refuses a grid over a real range without steps', () => {
    expect(() => parseSweepSpace({ lr: { min: 0.1, max: 1 } }, 'grid')).toThrow('"lr": a grid needs "values", an int range or "steps" for a real range');
    expect(parseSweepSpace({ lr: { min: 0.1, max: 1 } }, 'random')).toHaveLength(1);
  });
});

async function clearSweeps(store: Store): Promise<void> {
  await store.database.withTables<{ sweeps: { id: string } }>().deleteFrom('sweeps').execute();
}

describeEachStore('sweeps', (factory) => {
  const current = useFreshStore(factory);
  beforeEach(async () => clearSweeps(current().store));

  const input = {
    method: 'global',
    dataset: 'tiny',
    strategy: 'asha' as const,
    space: { learningRate: { min: 0.0001, max: 0.01, log: true } },
    budget: 9,
    maxParallel: 2,
    settings: { config: { backbone: { name: 'small-cnn' } }, minEpochs: 1, maxEpochs: 9 },
  };

  it('creates a sweep with defaults and reads it back', async () => {
    const { store, clock } = current();
    clock.set(5_000);
    const sweep = await store.sweeps.create(input);
    expect(sweep).toMatchObject({
      method: 'global',
      dataset: 'tiny',
      strategy: 'asha',
      budget: 9,
      maxParallel: 2,
      metric: 'val/auc',
      mode: 'max',
      seed: 0,
      status: 'running',
      settings: { epochs: 10, eta: 3, minEpochs: 1, maxEpochs: 9, config: { backbone: { name: 'small-cnn' } } },
      createdAt: new Date(5_000),
      finishedAt: null,
    });
    expect(await store.sweeps.get(sweep.id)).toEqual(sweep);
    expect((await store.sweeps.list()).map((s) => s.id)).toEqual([sweep.id]);
    expect(await store.sweeps.end(sweep.id, 'cancelled')).toBe(true);
    expect(await store.sweeps.end(sweep.id, 'finished')).toBe(false);
    expect((await store.sweeps.get(sweep.id)).status).toBe('cancelled');
    await expect(store.sweeps.get('nope')).rejects.toThrow('no sweep with id "nope"');
  });

  it('refuses a random sweep without a budget and ASHA settings on a grid', async () => {
    const { store } = current();
    await expect(store.sweeps.create({ ...input, strategy: 'random', budget: undefined, settings: {} })).rejects.toThrow(
      'createSweep: strategy random needs a budget (the number of trials)',
    );
    await expect(store.sweeps.create({ ...input, strategy: 'grid', space: { lr: { values: [1, 2] } } })).rejects.toThrow(
      "eta, min and max epochs are ASHA's",
    );
  });

  it('adds each trial once, however many controllers race to add it', async () => {
    const { store } = current();
    const sweep = await store.sweeps.create(input);
    const trial = { trial: 0, rung: 0, name: 't0', config: { method: { learningRate: 0.001 }, training: { epochs: 1 } }, seed: 3, tags: ['sweep'] };
    const results = await Promise.all(Array.from({ length: 8 }, () => store.sweeps.addTrial(sweep.id, trial)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const trials = await store.sweeps.trials(sweep.id);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ trial: 0, rung: 0, runStatus: 'queued', jobId: null });
    const run = await store.runs.get(trials[0].runId);
    expect(run).toMatchObject({ method: 'global', dataset: 'tiny', seed: 3, status: 'queued', tags: ['sweep'] });
    expect(await store.runs.params(run.id)).toMatchObject({ 'method.learningRate': 0.001, 'training.epochs': 1 });
    expect(await store.sweeps.trialOfRun(run.id)).toEqual({ sweepId: sweep.id, trial: 0, rung: 0 });
  });

  it('promotes a finished trial to the next rung once, raising its epochs', async () => {
    const { store } = current();
    const sweep = await store.sweeps.create(input);
    const runId = (await store.sweeps.addTrial(sweep.id, { trial: 0, rung: 0, name: 't0', config: { method: {}, training: { epochs: 1 } }, seed: 0 }))!;
    expect(await store.sweeps.promoteTrial(sweep.id, 0, 0, 1, 3)).toBe(false); // not finished yet
    await store.runs.updateStatus(runId, 'finished');
    const wins = await Promise.all([0, 1, 2].map(() => store.sweeps.promoteTrial(sweep.id, 0, 0, 1, 3)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const run = await store.runs.get(runId);
    expect(run.status).toBe('queued');
    expect(run.finishedAt).toBeNull();
    expect(run.config).toEqual({ method: {}, training: { epochs: 3 } });
    expect(await store.runs.params(runId)).toMatchObject({ 'training.epochs': 3 });
    expect((await store.sweeps.trials(sweep.id))[0].rung).toBe(1);
  });

  it('lets one controller at a time advance, and makes it look again when news came meanwhile', async () => {
    const { store, clock } = current();
    clock.set(10_000);
    const sweep = await store.sweeps.create(input);
    expect(await store.sweeps.claimAdvance(sweep.id, 'a', 60_000)).toBe(true);
    expect(await store.sweeps.claimAdvance(sweep.id, 'b', 60_000)).toBe(false);
    expect(await store.sweeps.releaseAdvance(sweep.id, 'a', 60_000)).toBe('again');
    expect(await store.sweeps.releaseAdvance(sweep.id, 'a', 60_000)).toBe('released');
    expect(await store.sweeps.claimAdvance(sweep.id, 'b', 60_000)).toBe(true);
    clock.set(80_000); // b's lease expired: c takes over and b has lost it
    expect(await store.sweeps.claimAdvance(sweep.id, 'c', 60_000)).toBe(true);
    expect(await store.sweeps.releaseAdvance(sweep.id, 'b', 60_000)).toBe('lost');
  });
});
