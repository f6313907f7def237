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
    await server.store.createRun({ id: 'p', method: 'global', config: { seed: 1 } });
    await server.store.createRun({ id: 'q', method: 'global', config: { seed: 2 } });
    await server.store.logMetrics('p', Array.from({ length: 10 }, (_, step) => ({ key: 'loss', step, value: step })));
    await server.store.logMetrics('p', [8, 9].map((step) => ({ key: 'loss', step, value: 100 + step })));
    await server.store.logMetrics('q', Array.from({ length: 10 }, (_, i) => ({ key: 'loss', step: 2 * i, value: i })));
  });
  afterAll(() => server?.close());

  it('thins MetricSeries.points to every k-th row and the last, and reads last without the history', async () => {
    const data = await queryData<{ run: { metrics: Array<{ points: Array<{ step: number; value: number }>; last: { step: number; value: number } }> } }>(
      server,
      '{ run(id: "p") { metrics(keys: ["loss"]) { points(maxPoints: 4) { step value } last { step value } } } }',
    );
    const [loss] = data.run.metrics;
    // 12 rows (steps 0..9, then 8 and 9 again), k = 3: rows 0 3 6 9 fill the grid; the last row (11) takes
    // the place of row 9. Rows by step then logging order: … 7, 8 (8), 8 (108), 9 (9), 9 (109).
    expect(loss!.points).toEqual([
      { step: 0, value: 0 },
      { step: 3, value: 3 },
      { step: 6, value: 6 },
      { step: 9, value: 109 },
    ]);
    expect(loss!.last).toEqual({ step: 9, value: 109 });
  });

  it('aligns compareRuns on thinned histories of the last value at each step', async () => {
    const data = await queryData<{ compareRuns: { metrics: Array<{ key: string; steps: number[]; series: Array<{ runId: string; values: Array<number | null> }> }> } }>(
      server,
      '{ compareRuns(ids: ["p", "q"], metrics: ["loss"], maxPoints: 3) { metrics { key steps series { runId values } } } }',
    );
    // p: 10 distinct steps (8 and 9 with their second values), k = 4: steps 0 4 8 fill the grid; step 9
    // takes the place of 8. q: steps 0 2 … 18, k = 4: steps 0, 8, 16 full; 18 takes the place of 16.
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
