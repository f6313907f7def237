import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

/**
 * Downsampled histories through the graph, checked against grids worked out by hand:
 * run p logs loss at steps 0..9 (value = step); it was resumed at step 8, so steps 8 and 9 are logged
 * twice (value = 100 + step the second time). Run q logs loss at steps 0, 2, …, 18 (value = step / 2).
 */
describeEachServer('downsampled metric histories', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
    await server.store.runs.create({ id: 'p', method: 'global', config: { seed: 1 } });
    await server.store.runs.create({ id: 'q', method: 'global', config: { seed: 2 } });
    await server.store.metrics.log('p', Array.from({ length: 10 }, (_, step) => ({ key: 'loss', step, value: step })));
    await server.store.metrics.log('p', [8, 9].map((step) => ({ key: 'loss', step, value: 100 + step })));
    await server.store.metrics.log('q', Array.from({ length: 10 }, (_, i) => ({ key: 'loss', step: 2 * i, value: i })));
  });
  afterAll(() => server?.close());

  it('thins MetricSeries.points by step buckets in the store, and reads last without the history', async () => {
    const data = await queryData<{ run: { metrics: Array<{ points: Array<{ step: number; value: number }>; last: { step: number; value: number } }> } }>(
      server,
      '{ run(id: "p") { metrics(keys: ["loss"]) { points(maxPoints: 4) { step value } last { step value } } } }',
    );
    const [loss] = data.run.metrics;
    // 12 rows > 4: steps 0-9 cut into 3 buckets (floor(step · 3 / 10)): 0-3, 4-6, 7-9; the first step and
    // each bucket's highest, with the value logged last at it (step 9 was logged again as 109).
    expect(loss!.points).toEqual([
      { step: 0, value: 0 },
      { step: 3, value: 3 },
      { step: 6, value: 6 },
      { step: 9, value: 109 },
    ]);
    expect(loss!.last).toEqual({ step: 9, value: 109 });
  });

  it('aligns compareRuns on histories thinned by step buckets', async () => {
    const data = await queryData<{ compareRuns: { metrics: Array<{ key: string; steps: number[]; series: Array<{ runId: string; values: Array<number | null> }> }> } }>(
      server,
      '{ compareRuns(ids: ["p", "q"], metrics: ["loss"], maxPoints: 3) { metrics { key steps series { runId values } } } }',
    );
    // maxPoints 3, so 2 buckets. p: steps 0-9, floor(step · 2 / 10): 0-4, 5-9 → steps 0, 4, 9 (109, its
    // last value). q: steps 0-18, floor(step · 2 / 19): 0-8, 10-18 → steps 0, 8, 18.
    expect(data.compareRuns.metrics).toEqual([
      {
        key: 'loss',
        steps: [0, 4, 8, 9, 18],
        series: [
          { runId: 'p', values: [0, 4, null, 109, null] },
          { runId: 'q', values: [0, null, 4, null, 9] },
        ],
      },
    ]);
  });

  it('refuses a point budget below 1, naming it', async () => {
    const response = await graphql(server, '{ compareRuns(ids: ["p"], maxPoints: 0) { runs { id } } }');
    expect(response.errors?.[0]?.message).toBe('compareRuns: maxPoints must be a positive integer, got 0');
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
