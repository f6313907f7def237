import type { Store } from '@protoscope/tracking';
import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

/** A store clock that moves one second per reading, so creation times are distinct and ordered. */
function steppingClock(): () => number {
  let t = Date.UTC(2025, 0, 1);
  return () => (t += 1000);
}

/**
 * Five runs whose filter results are worked out by hand below:
 * id  method     dataset tags              lr     backbone  seed status    latest val/auc
 * a   protopnet  mammo   baseline          0.001  resnet18  1    finished  0.80
 * b   protopnet  mammo   sweep             0.01   resnet18  2    finished  0.90
 * c   global     mammo   baseline, sweep   0.01   resnet34  1    failed    0.60
 * d   global     cxr     —                 0.1    (none)    3    running   (none)
 * e   multiview  cxr     sweep             0.001  resnet18  2    queued    NaN
 */
async function seed(store: Store): Promise<void> {
  const make = async (id: string, method: string, dataset: string, tags: string[], lr: number, backbone: string | undefined, seedValue: number, name: string | null) =>
    store.runs.create({ id, name, method, dataset, tags, seed: seedValue, config: { method: { lr, ...(backbone ? { backbone } : {}) }, training: { seed: seedValue, epochs: 10 } } });
  await make('a', 'protopnet', 'mammo', ['baseline'], 0.001, 'resnet18', 1, 'ppnet-base');
  await make('b', 'protopnet', 'mammo', ['sweep'], 0.01, 'resnet18', 2, null);
  await make('c', 'global', 'mammo', ['baseline', 'sweep'], 0.01, 'resnet34', 1, 'global-base');
  await make('d', 'global', 'cxr', [], 0.1, undefined, 3, null);
  await make('e', 'multiview', 'cxr', ['sweep'], 0.001, 'resnet18', 2, null);
  await store.runs.updateStatus('a', 'finished');
  await store.runs.updateStatus('b', 'finished');
  await store.runs.updateStatus('c', 'failed', { error: 'diverged' });
  await store.runs.updateStatus('d', 'running');
  await store.metrics.log('a', [
    { key: 'val/auc', step: 1, value: 0.7 },
    { key: 'val/auc', step: 2, value: 0.8 },
    { key: 'loss', step: 1, value: 1.0 },
    { key: 'loss', step: 2, value: 0.5 },
  ]);
  await store.metrics.log('b', [
    { key: 'val/auc', step: 1, value: 0.85 },
    { key: 'val/auc', step: 3, value: 0.9 },
    { key: 'loss', step: 3, value: 0.4 },
  ]);
  await store.metrics.log('c', [
    { key: 'val/auc', step: 2, value: 0.6 },
    { key: 'loss', step: 2, value: 0.7 },
  ]);
  await store.metrics.log('d', [{ key: 'loss', step: 1, value: 2 }]);
  await store.metrics.log('e', [
    { key: 'val/auc', step: 1, value: 0.75 },
    { key: 'val/auc', step: 2, value: Number.NaN },
  ]);
}

interface MeanStdData {
  count: number;
  mean: number | null;
  std: number | null;
}
interface ComparisonData {
  groupBy: string[];
  configDiff: Array<{ key: string; values: unknown[] }>;
  metrics: Array<{ key: string; steps: number[]; series: Array<{ runId: string; values: Array<number | null> }> }>;
  groups: Array<{ key: Record<string, unknown>; runIds: string[]; metrics: Array<{ key: string; final: MeanStdData; steps: number[]; perStep: MeanStdData[] }> }>;
}

const RUN_IDS = `query Runs($filter: RunFilter, $orderBy: [RunOrder!], $first: Int, $after: String) {
  runs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id } }
  }
}`;

interface RunsPage {
  runs: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Array<{ node: { id: string } }> };
}

describeEachServer('runs query', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start({ storeOptions: { clock: steppingClock() } });
    await seed(server.store);
  });
  afterAll(() => server?.close());

  const ids = async (filter: object) => (await queryData<RunsPage>(server, RUN_IDS, { filter })).runs.edges.map((e) => e.node.id).sort();

  it.each([
    ['IN on method', { method: { in: ['protopnet', 'multiview'] } }, ['a', 'b', 'e']],
    ['OR of a tag and a dataset', { or: [{ tags: { all: ['baseline'] } }, { dataset: { eq: 'cxr' } }] }, ['a', 'c', 'd', 'e']],
    [
      'AND of a param range and a metric range',
      { and: [{ params: [{ key: 'method.lr', gte: 0.005 }] }, { metrics: [{ key: 'val/auc', gt: 0.7 }] }] },
      ['b'],
    ],
    ['metric below a bound (NaN and missing never match)', { metrics: [{ key: 'val/auc', lt: 0.85 }] }, ['a', 'c']],
    ['metric between two bounds, inclusive', { metrics: [{ key: 'val/auc', gte: 0.6, lte: 0.8 }] }, ['a', 'c']],
    ['NOT of a status IN', { not: { status: { in: ['FINISHED'] } } }, ['c', 'd', 'e']],
    ['param ne (a missing key does not match)', { params: [{ key: 'method.backbone', ne: 'resnet18' }] }, ['c']],
    ['param exists: false', { params: [{ key: 'method.backbone', exists: false }] }, ['d']],
    ['tags none AND status ne', { tags: { none: ['sweep'] }, status: { ne: 'QUEUED' } }, ['a', 'd']],
    ['param IN with numbers', { params: [{ key: 'training.seed', in: [1, 3] }] }, ['a', 'c', 'd']],
    ['param eq is typed ("1" is not 1)', { params: [{ key: 'training.seed', eq: '1' }] }, []],
    ['name contains, case-insensitive', { name: { contains: 'BASE' } }, ['a', 'c']],
    ['name isNull', { name: { isNull: true }, method: { ne: 'global' } }, ['b', 'e']],
    ['tags any', { tags: { any: ['baseline', 'nothing'] } }, ['a', 'c']],
    ['nested OR inside AND inside NOT', { not: { and: [{ dataset: { eq: 'mammo' } }, { or: [{ method: { eq: 'global' } }, { id: { eq: 'a' } }] }] } }, ['b', 'd', 'e']],
    ['empty filter', {}, ['a', 'b', 'c', 'd', 'e']],
  ])('filters: %s', async (_title, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('orders by a metric with missing values last, and pages with stable cursors', async () => {
    const orderBy = [{ field: 'METRIC', key: 'val/auc', direction: 'DESC' }];
    const page = (after?: string | null) => queryData<RunsPage>(server, RUN_IDS, { orderBy, first: 2, after });
    const first = await page();
    expect(first.runs.edges.map((e) => e.node.id)).toEqual(['b', 'a']);
    expect(first.runs.totalCount).toBe(5);
    expect(first.runs.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // A run added between pages that sorts before the cursor does not shift the next page.
    await server.store.runs.create({ id: 'z', method: 'global', config: {} });
    await server.store.metrics.log('z', [{ key: 'val/auc', step: 1, value: 0.95 }]);
    try {
      const second = await page(first.runs.pageInfo.endCursor);
      // c (0.60), then the runs without a finite value, newest first: e was created after d.
      expect(second.runs.edges.map((e) => e.node.id)).toEqual(['c', 'e']);
      expect(second.runs.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const third = await page(second.runs.pageInfo.endCursor);
      expect(third.runs.edges.map((e) => e.node.id)).toEqual(['d']);
      expect(third.runs.pageInfo.hasNextPage).toBe(false);
    } finally {
      await server.store.database.deleteFrom('metrics').where('run_id', '=', 'z').execute();
      await server.store.database.deleteFrom('runs').where('id', '=', 'z').execute();
    }
  });

  it('orders by a param ascending, then newest first', async () => {
    const data = await queryData<RunsPage>(server, RUN_IDS, { orderBy: [{ field: 'PARAM', key: 'method.lr', direction: 'ASC' }] });
    // lr 0.001: e (newer), a; 0.01: c, b; 0.1: d.
    expect(data.runs.edges.map((e) => e.node.id)).toEqual(['e', 'a', 'c', 'b', 'd']);
  });

  it('compares runs: aligned histories, config diff, grouped mean ± std', async () => {
    const data = await queryData<{ compareRuns: ComparisonData }>(
      server,
      `{ compareRuns(ids: ["a", "b", "c"], metrics: ["val/auc"], groupBy: ["method.backbone"]) {
          runs { id }
          metrics { key steps series { runId values } }
          configDiff { key values }
          groupBy
          groups { key runIds metrics { key final { count mean std } steps perStep { count mean std } } }
        } }`,
    );
    const c = data.compareRuns;
    expect(c.metrics).toEqual([
      {
        key: 'val/auc',
        steps: [1, 2, 3],
        series: [
          { runId: 'a', values: [0.7, 0.8, null] },
          { runId: 'b', values: [0.85, null, 0.9] },
          { runId: 'c', values: [null, 0.6, null] },
        ],
      },
    ]);
    expect(c.configDiff).toEqual([
      { key: 'method.backbone', values: ['resnet18', 'resnet18', 'resnet34'] },
      { key: 'method.lr', values: [0.001, 0.01, 0.01] },
      { key: 'training.seed', values: [1, 2, 1] },
    ]);
    expect(c.groups.map((g) => [g.key, g.runIds])).toEqual([
      [{ 'method.backbone': 'resnet18' }, ['a', 'b']],
      [{ 'method.backbone': 'resnet34' }, ['c']],
    ]);
    const resnet18 = c.groups[0]!.metrics[0]!;
    // Latest values 0.80 and 0.90: mean 0.85, sample std sqrt((0.05² + 0.05²) / 1).
    expect(resnet18.final.count).toBe(2);
    expect(resnet18.final.mean).toBeCloseTo(0.85, 12);
    expect(resnet18.final.std).toBeCloseTo(Math.SQRT2 * 0.05, 12);
    // Step 1: 0.70 and 0.85 → mean 0.775, std sqrt(2 · 0.075²); steps 2 and 3 have one value each.
    expect(resnet18.perStep[0]!.mean).toBeCloseTo(0.775, 12);
    expect(resnet18.perStep[0]!.std).toBeCloseTo(Math.SQRT2 * 0.075, 12);
    expect(resnet18.perStep.slice(1)).toEqual([
      { count: 1, mean: 0.8, std: null },
      { count: 1, mean: 0.9, std: null },
    ]);
    expect(c.groups[1]!.metrics[0]!.final).toEqual({ count: 1, mean: 0.6, std: null });
  });

  it('groups runs that differ only in their seed by default', async () => {
    const { store } = server;
    const config = (s: number) => ({ method: { lr: 0.003, backbone: 'resnet18' }, training: { seed: s, epochs: 10 } });
    for (const [id, s, auc] of [['s1', 11, 0.7], ['s2', 12, 0.74], ['s3', 13, 0.81]] as const) {
      await store.runs.create({ id, method: 'protopnet', dataset: 'seeds', config: config(s), seed: s });
      await store.metrics.log(id, [{ key: 'val/auc', step: 1, value: auc }]);
    }
    try {
      const data = await queryData<{ compareRuns: ComparisonData }>(
        server,
        `{ compareRuns(ids: ["s1", "s2", "s3"]) { groupBy configDiff { key } groups { runIds metrics { key final { count mean std } } } } }`,
      );
      expect(data.compareRuns.configDiff.map((d) => d.key)).toEqual(['training.seed']);
      expect(data.compareRuns.groupBy).toEqual([]);
      expect(data.compareRuns.groups).toHaveLength(1);
      const final = data.compareRuns.groups[0]!.metrics[0]!.final;
      const values = [0.7, 0.74, 0.81];
      const mean = (0.7 + 0.74 + 0.81) / 3;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 2);
      expect(final.count).toBe(3);
      expect(final.mean).toBeCloseTo(mean, 12);
      expect(final.std).toBeCloseTo(std, 12);
    } finally {
      await store.database.deleteFrom('metrics').where('run_id', 'in', ['s1', 's2', 's3']).execute();
      await store.database.deleteFrom('run_params').where('run_id', 'in', ['s1', 's2', 's3']).execute();
      await store.database.deleteFrom('runs').where('id', 'in', ['s1', 's2', 's3']).execute();
    }
  });

  it('serves metric histories, latest values and the run edges in one query', async () => {
    const data = await queryData<{ run: unknown }>(
      server,
      `{ run(id: "e") { id status tags param(key: "method.lr") metricKeys
           metric(key: "val/auc") { step value valueText }
           metrics(keys: ["val/auc"]) { key points { step value valueText } last { step } } } }`,
    );
    expect(data.run).toEqual({
      id: 'e',
      status: 'QUEUED',
      tags: ['sweep'],
      param: 0.001,
      metricKeys: ['val/auc'],
      metric: { step: 2, value: null, valueText: 'NaN' },
      metrics: [{ key: 'val/auc', points: [{ step: 1, value: 0.75, valueText: '0.75' }, { step: 2, value: null, valueText: 'NaN' }], last: { step: 2 } }],
    });
    expect((await queryData<{ run: null }>(server, '{ run(id: "nope") { id } }')).run).toBeNull();
  });

  it('refuses bad filters, orders and pages with BAD_USER_INPUT', async () => {
    const codes = async (variables: Record<string, unknown>) => {
      const r = await graphql(server, RUN_IDS, variables);
      return { status: r.status, codes: r.errors?.map((e) => e.extensions?.code), paths: r.errors?.map((e) => e.extensions?.filterPath) };
    };
    expect(await codes({ filter: { metrics: [{ key: 'val/auc' }] } })).toMatchObject({ codes: ['BAD_USER_INPUT'], paths: ['filter.metrics[0]'] });
    expect(await codes({ filter: { or: [{ tags: {} }] } })).toMatchObject({ codes: ['BAD_USER_INPUT'], paths: ['filter.or[0].tags'] });
    expect(await codes({ filter: { params: [{ key: '', eq: 1 }] } })).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    let deep: Record<string, unknown> = { id: { eq: 'a' } };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(await codes({ filter: deep })).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await codes({ orderBy: [{ field: 'METRIC' }] })).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await codes({ first: 501 })).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await codes({ after: 'not-a-cursor' })).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    // A value of the wrong GraphQL type is refused before the resolver runs.
    expect(await codes({ filter: { metrics: [{ key: 'val/auc', gt: 'high' }] } })).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'] });
  });
});
