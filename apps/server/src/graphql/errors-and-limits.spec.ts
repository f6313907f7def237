import { describeEachServer, graphql } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

describeEachServer('bad queries', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start({ limits: { maxDepth: 12, maxCost: 20_000 } });
    await server.store.runs.create({ id: 'r1', method: 'protopnet', config: {} });
  });
  afterAll(() => server?.close());

  const outcome = async (query: string, variables?: Record<string, unknown>) => {
    const r = await graphql(server, query, variables);
    return { status: r.status, codes: (r.errors ?? []).map((e) => e.extensions?.code) };
  };

  it('a syntax error is GRAPHQL_PARSE_FAILED', async () => {
    expect(await outcome('{ runs { edges ')).toEqual({ status: 400, codes: ['GRAPHQL_PARSE_FAILED'] });
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    expect(await outcome('{ runs { edges { node { id colour } } } }')).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
  });

  it('a query nested deeper than the limit is QUERY_TOO_DEEP, one at the limit runs', async () => {
    // run { parent { … { id } } }: run is at depth 0, so id is at depth parents + 1.
    const nested = (parents: number) => `{ run(id: "r1") { ${'parent { '.repeat(parents)}id${' }'.repeat(parents)} } }`;
    expect(await outcome(nested(11))).toEqual({ status: 200, codes: [] });
    expect(await outcome(nested(12))).toEqual({ status: 400, codes: ['QUERY_TOO_DEEP'] });
  });

  it('the depth error names the operation, or says "the query" for an anonymous one', async () => {
    const deep = `run(id: "r1") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} }`;
    const anonymous = await graphql(server, `{ ${deep} }`);
    expect(anonymous.errors?.map((e) => e.message)).toEqual(['the query nests selections deeper than the limit of 12 levels; split it']);
    const named = await graphql(server, `query Ancestors { ${deep} }`);
    expect(named.errors?.map((e) => e.message)).toEqual(["operation 'Ancestors' nests selections deeper than the limit of 12 levels; split it"]);
  });

  it('a query costing more than the limit is QUERY_TOO_COMPLEX and nothing of it runs', async () => {
    // Per run: prototypes 1 + 10 × (activationMap 50 + values 1) = 511, node 512, edge 513;
    // 500 of them: 1 + 500 × 513 = 256 501.
    const costly = '{ runs(first: 500) { edges { node { prototypes { activationMap { values } } } } } }';
    const r = await graphql(server, costly);
    expect(r.status).toBe(400);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.errors?.[0]?.extensions?.cost).toBe(256_501);
    // The same shape on a page of 5 costs 1 + 5 × 513 = 2566.
    expect(await outcome('{ runs(first: 5) { edges { node { prototypes { activationMap { values } } } } } }')).toEqual({ status: 200, codes: [] });
  });

  it('unknown things referenced by a list or a mutation are NOT_FOUND; lookups are null', async () => {
    expect(await outcome('{ prototypes(runId: "nope") { index } }')).toMatchObject({ codes: ['NOT_FOUND'] });
    expect(await outcome('{ compareRuns(ids: ["r1", "nope"]) { groupBy } }')).toMatchObject({ codes: ['NOT_FOUND'] });
    expect(await outcome('mutation { cancelJob(id: "999") { id } }')).toMatchObject({ codes: ['NOT_FOUND'] });
    expect(await outcome('mutation { startRun(input: { method: "protopnet", datasetId: "nope", epochs: 1 }) { id } }')).toMatchObject({ codes: ['NOT_FOUND'] });
    expect(await outcome('mutation { moveCell(id: "nope", index: 0) { id } }')).toMatchObject({ codes: ['NOT_FOUND'] });
    const lookups = await graphql(server, '{ run(id: "nope") { id } dataset(id: "nope") { id } notebook(id: "nope") { id } job(id: "12") { id } }');
    expect(lookups.data).toEqual({ run: null, dataset: null, notebook: null, job: null });
  });

  it('a misspelt explanation method in a saliency maps filter is BAD_USER_INPUT naming it, not an empty list', async () => {
    for (const query of ['{ saliencyMaps(runId: "r1", methods: ["gradcam", "gradcma"]) { id } }', '{ run(id: "r1") { saliencyMaps(methods: ["gradcma"]) { id } } }']) {
      const r = await graphql(server, query);
      expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['BAD_USER_INPUT', expect.stringMatching(/^methods: unknown explanation method 'gradcma' \(use: gradcam, /)],
      ]);
    }
    // Known ids, and a finding's own map, filter as before.
    expect(await outcome('{ saliencyMaps(runId: "r1", methods: ["gradcam", "finding-maps:mass"]) { id } }')).toEqual({ status: 200, codes: [] });
  });

  it('bad arguments are BAD_USER_INPUT', async () => {
    expect(await outcome('mutation { generateDataset(generator: "unicorns", n: 10, seed: 1, size: 32) { id } }')).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await outcome('mutation { generateDataset(generator: "mammo-two-view", n: 0, seed: 1, size: 32) { id } }')).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await outcome('mutation { requestExplanations(runId: "r1", methods: []) { id } }')).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await outcome('{ job(id: "seven") { id } }')).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    expect(await outcome('mutation { createNotebook(title: "   ") { id } }')).toMatchObject({ codes: ['BAD_USER_INPUT'] });
  });
});
