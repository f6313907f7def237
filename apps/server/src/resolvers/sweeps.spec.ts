import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

describeEachServer('sweeps in the graph', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
    await server.store.datasets.register({ id: 'tiny', path: `${server.dir}/tiny`, imageCount: 8, classes: ['a', 'b'] });
  });
  afterAll(() => server?.close());

  const create = `mutation ($space: JSON!) {
    createSweep(input: { name: "lr", method: "global", datasetId: "tiny", strategy: GRID, space: $space, maxParallel: 2, epochs: 3, config: { backbone: { name: "small-cnn" } } }) {
      id name state strategy mode metric maxParallel parameters rungs datasetId dataset { id }
      progress { total queued running done stopped failed } trials { index } bestTrial { index }
    }
  }`;

  it('createSweep stores the sweep and queues its controller; the sweep query shows trials, progress and the best trial', async () => {
    const { store } = server;
    const data = await queryData<{ createSweep: Record<string, unknown> & { id: string } }>(server, create, {
      space: { learningRate: { values: [0.001, 0.01, 0.1] } },
    });
    expect(data.createSweep).toEqual({
      id: expect.any(String),
      name: 'lr',
      state: 'RUNNING',
      strategy: 'GRID',
      mode: 'MAX',
      metric: 'val/auc',
      maxParallel: 2,
      parameters: ['learningRate'],
      rungs: [3],
      datasetId: 'tiny',
      dataset: { id: 'tiny' },
      progress: { total: 3, queued: 0, running: 0, done: 0, stopped: 0, failed: 0 },
      trials: [],
      bestTrial: null,
    });
    const id = data.createSweep.id;
    const [advance] = await store.jobs.list({ kind: 'sweep-advance' });
    expect(advance).toMatchObject({ status: 'queued', payload: { sweepId: id, tick: true }, priority: 10 });

    // A trial as the controller adds it, trained to the end with val/auc 0.8.
    const runId = (await store.sweeps.addTrial(id, { trial: 0, rung: 0, name: 'lr #0', config: { method: { learningRate: 0.001 }, training: { epochs: 3 } }, seed: 0 }))!;
    await store.metrics.log(runId, [{ key: 'val/auc', step: 30, epoch: 2, value: 0.8 }]);
    await store.runs.updateStatus(runId, 'finished');
    const shown = await queryData<{ sweep: Record<string, unknown> }>(
      server,
      'query ($id: ID!) { sweep(id: $id) { progress { total done queued } trials { index state rung epochs params value rungValues run { id status } } bestTrial { index value run { id } } } }',
      { id },
    );
    expect(shown.sweep).toEqual({
      progress: { total: 3, done: 1, queued: 0 },
      trials: [{ index: 0, state: 'DONE', rung: 0, epochs: 3, params: { learningRate: 0.001 }, value: 0.8, rungValues: [0.8], run: { id: runId, status: 'FINISHED' } }],
      bestTrial: { index: 0, value: 0.8, run: { id: runId } },
    });
    const listed = await queryData<{ sweeps: Array<{ id: string }> }>(server, '{ sweeps(state: RUNNING) { id } }');
    expect(listed.sweeps.map((s) => s.id)).toContain(id);

    // A second trial waiting in the queue: cancelling the sweep cancels its job and its run.
    const waiting = (await store.sweeps.addTrial(id, { trial: 1, rung: 0, name: 'lr #1', config: { method: { learningRate: 0.01 }, training: { epochs: 3 } }, seed: 0 }))!;
    const job = await store.jobs.enqueue({ kind: 'sweep-trial', runId: waiting, payload: {} });
    const cancelled = await queryData<{ cancelSweep: { state: string; progress: { queued: number; stopped: number; done: number } } }>(
      server,
      'mutation ($id: ID!) { cancelSweep(id: $id) { state progress { queued stopped done } } }',
      { id },
    );
    expect(cancelled.cancelSweep).toEqual({ state: 'CANCELLED', progress: { queued: 0, stopped: 1, done: 1 } });
    expect((await store.jobs.get(job.id)).status).toBe('cancelled');
    expect((await store.runs.get(waiting)).status).toBe('cancelled');
  });

  it('refuses a bad space, an unknown dataset and an unknown sweep with the reason', async () => {
    const bad = await graphql(server, create, { space: { learningRate: { min: 0.1, max: 0.01 } } });
    expect(bad.errors?.[0]).toMatchObject({ message: 'sweep space: "learningRate": "min" (0.1) is above "max" (0.01)', extensions: { code: 'BAD_USER_INPUT' } });
    const grid = await graphql(server, create, { space: { learningRate: { min: 0.001, max: 0.1 } } });
    expect(grid.errors?.[0].message).toBe('sweep space: "learningRate": a grid needs "values", an int range or "steps" for a real range');
    const noData = await graphql(server, 'mutation { createSweep(input: { method: "global", datasetId: "nope", strategy: RANDOM, space: { a: { values: [1] } }, maxParallel: 1, budget: 1 }) { id } }');
    expect(noData.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const noBudget = await graphql(server, 'mutation { createSweep(input: { method: "global", datasetId: "tiny", strategy: RANDOM, space: { a: { values: [1] } }, maxParallel: 1 }) { id } }');
    expect(noBudget.errors?.[0].message).toBe('createSweep: strategy random needs a budget (the number of trials)');
    const missing = await graphql(server, 'mutation { cancelSweep(id: "nope") { id } }');
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await queryData(server, '{ sweep(id: "nope") { id } }')).toEqual({ sweep: null });
  });
});
