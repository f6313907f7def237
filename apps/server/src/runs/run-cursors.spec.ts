import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

/** Every run is created at the same instant, so the id (descending) decides among equal values. */
const T0 = Date.UTC(2025, 2, 1);

const RUN_IDS = `query Runs($orderBy: [RunOrder!], $first: Int, $after: String) {
  runs(orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id } }
  }
}`;

interface RunsPage {
  runs: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string } }> };
}

/** A cursor as the graph has always written it: the base64url JSON of the run's sort key. */
const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
const byAuc = [{ field: 'METRIC', key: 'val/auc', direction: 'DESC' }];

describeEachServer('runs cursors', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start({ storeOptions: { clock: () => T0 } });
    // val/auc: a 0.8, b 0.9, c 0.6, d none → by val/auc descending: b, a, c, d.
    for (const [id, auc] of [['a', 0.8], ['b', 0.9], ['c', 0.6], ['d', undefined]] as const) {
      await server.store.runs.create({ id, method: 'global', config: {} });
      if (auc !== undefined) await server.store.metrics.log(id, [{ key: 'val/auc', step: 1, value: auc }]);
    }
  });
  afterAll(() => server?.close());

  it('holds the sort key, the creation time and the id, as before', async () => {
    const page = await queryData<RunsPage>(server, RUN_IDS, { orderBy: byAuc, first: 2 });
    expect(page.runs.edges.map((e) => e.cursor)).toEqual([cursorOf([0.9, T0, 'b']), cursorOf([0.8, T0, 'a'])]);
    const newest = await queryData<RunsPage>(server, RUN_IDS, { first: 1 });
    expect(newest.runs.edges[0]!.cursor).toBe(cursorOf([T0, T0, 'd']));
  });

  it('continues after a cursor written by hand in that format, and after one past the missing values', async () => {
    const next = await queryData<RunsPage>(server, RUN_IDS, { orderBy: byAuc, first: 2, after: cursorOf([0.9, T0, 'b']) });
    expect(next.runs.edges.map((e) => e.node.id)).toEqual(['a', 'c']);
    expect(next.runs.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(next.runs.totalCount).toBe(4);
    // A cursor among the runs without a value: those of lower id follow it (d < e), none of higher id.
    const last = await queryData<RunsPage>(server, RUN_IDS, { orderBy: byAuc, first: 2, after: cursorOf([null, T0, 'e']) });
    expect(last.runs.edges.map((e) => e.node.id)).toEqual(['d']);
    expect(last.runs.pageInfo.hasNextPage).toBe(false);
    const none = await queryData<RunsPage>(server, RUN_IDS, { orderBy: byAuc, first: 2, after: cursorOf([null, T0, 'c']) });
    expect(none.runs.edges).toEqual([]);
    expect(none.runs.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a cursor of another order as BAD_USER_INPUT', async () => {
    const refusal = async (variables: Record<string, unknown>) => {
      const r = await graphql(server, RUN_IDS, variables);
      return { codes: r.errors?.map((e) => e.extensions?.code), messages: r.errors?.map((e) => e.message) };
    };
    // The default order's cursor has three values; one of the metric order's is refused…
    expect((await refusal({ first: 1, after: cursorOf([0.9, T0, 'b', 'extra']) })).codes).toEqual(['BAD_USER_INPUT']);
    // …and so is one of the right length with text where the creation time goes.
    expect(await refusal({ first: 1, after: cursorOf(['b', T0, 'b']) })).toEqual({
      codes: ['BAD_USER_INPUT'],
      messages: ["after: the cursor is not one of this list (use an edge's cursor or pageInfo.endCursor of the same query)"],
    });
  });
});
