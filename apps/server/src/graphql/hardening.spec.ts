/**
 * The probe's findings, replayed against a real server: queries built to make validation quadratic,
 * bodies that are not JSON or too large, the standard introspection query, job paths outside the
 * data roots and job sizes beyond the bounds, and what anonymous callers may learn of the store.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { describeEachServer, graphql } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

// Real servers on two databases, on a machine other tests share: generous per-test time.
jest.setTimeout(30_000);

describeEachServer('hardening', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
    await server.store.datasets.register({ id: 'd1', path: path.join(server.dir, 'd1'), imageCount: 1, classes: ['a', 'b'] });
    await server.store.runs.create({ id: 'r1', method: 'protopnet', dataset: 'd1', config: {} });
  });
  afterAll(() => server?.close());

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers }, body });

  it.each([
    ['{ datasetGenerators } repeated 10,000 times (190 KB)', () => '{ datasetGenerators }'.repeat(10_000)],
    ['{ a a a … } (400 KB)', () => `{ ${'a '.repeat(200_000)}}`],
    ['one selection of 3,000 identical fields', () => `{ ${'datasetGenerators '.repeat(3_000)}}`],
  ])('%s is refused with an error in under a second while /healthz answers', async (_name, make) => {
    const query = make();
    const started = performance.now();
    const health: number[] = [];
    const pending = post(JSON.stringify({ query }));
    // /healthz during the request: the event loop is not held.
    const pings = (async () => {
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const r = await fetch(`${server.url}/healthz`);
        expect(r.status).toBe(200);
        health.push(performance.now() - t);
      }
    })();
    const response = await pending;
    const elapsed = performance.now() - started;
    await pings;
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(response.status).toBe(400);
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(elapsed).toBeLessThan(1000);
    expect(Math.max(...health)).toBeLessThan(1000);
  });

  it('answers malformed JSON with 400 and a 10 MB body with 413, never 500', async () => {
    const bad = await post('{"query": "{ me { name } }"');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const huge = await post(JSON.stringify({ query: `# ${'x'.repeat(10 * 1024 * 1024)}\n{ me { name } }` }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/larger than the limit/);
    const batch = await post(JSON.stringify([{ query: '{ me { name } }' }]));
    expect(batch.status).toBe(400);
  });

  it('runs the standard introspection query (GraphiQL, codegen) for a signed-in caller, not for nobody', async () => {
    const result = await graphql<{ __schema: { types: Array<{ name: string }> } }>(server, getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.types.map((t) => t.name)).toEqual(expect.arrayContaining(['Run', 'Notebook', 'Me']));
    const anonymous = await graphql({ graphqlUrl: server.graphqlUrl }, getIntrospectionQuery());
    expect(anonymous.status).toBe(401);
  });

  it('queues jobs only on paths under the data roots', async () => {
    const outcome = async (query: string) => {
      const r = await graphql(server, query);
      return { codes: (r.errors ?? []).map((e) => e.extensions?.code), message: r.errors?.[0]?.message ?? '' };
    };
    const etc = await outcome('mutation { importDataset(format: "medmnist", source: "/etc") { id } }');
    expect(etc).toEqual({ codes: ['BAD_USER_INPUT'], message: expect.stringMatching(/^source: "\/etc" is outside the data folders/) });
    expect((await outcome('mutation { requestEvaluation(runId: "r1", suites: ["classification"], data: "/home") { id } }')).codes).toEqual(['BAD_USER_INPUT']);
    // A relative path climbing out, and a symbolic link inside a root pointing out, are refused too.
    expect((await outcome('mutation { importDataset(format: "medmnist", source: "../../etc") { id } }')).codes).toEqual(['BAD_USER_INPUT']);
    fs.symlinkSync('/etc', path.join(server.dir, 'escape'));
    expect((await outcome(`mutation { importDataset(format: "medmnist", source: ${JSON.stringify(path.join(server.dir, 'escape', 'x.npz'))}) { id } }`)).codes).toEqual([
      'BAD_USER_INPUT',
    ]);
    const inside = path.join(fs.realpathSync(server.dir), 'downloads', 'x.npz');
    expect((await outcome(`mutation { importDataset(format: "medmnist", source: ${JSON.stringify(inside)}) { id } }`)).codes).toEqual([]);
  });

  it('refuses job sizes beyond the bounds with a message naming the argument', async () => {
    const message = async (query: string) => {
      const r = await graphql(server, query);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      return r.errors?.[0]?.message;
    };
    expect(await message('mutation { generateDataset(generator: "mammo-two-view", n: 1000000, seed: 1, size: 4096) { id } }')).toBe(
      'n: must be a whole number from 1 to 100000, got 1000000; size: must be a whole number from 8 to 1024, got 4096',
    );
    // 100,000 images of 1024² pixels: 1.048576e11 pixels, over the 2e9 bound.
    expect(await message('mutation { generateDataset(generator: "mammo-two-view", n: 100000, seed: 1, size: 1024) { id } }')).toBe(
      'n × size² = 104857600000 pixels is more than the limit of 2000000000; generate fewer or smaller images',
    );
    expect(await message('mutation { startRun(input: { method: "protopnet", datasetId: "d1", epochs: 100000 }) { id } }')).toBe(
      'epochs: must be a whole number from 1 to 1000, got 100000',
    );
  });

  it('tells nobody where the store lives', async () => {
    const anonymous = await (await fetch(`${server.url}/healthz`)).json();
    expect(anonymous).toEqual({ ok: true });
    const signedIn = (await (await server.fetch(`${server.url}/healthz`)).json()) as { store: string };
    expect(signedIn.store).toBe(server.store.url);
    for (const response of [
      await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ run(id: \\"x\\") { id } }"}' }),
      await fetch(`${server.url}/artifacts/${'0'.repeat(64)}`),
      await fetch(`${server.url}/images/d1/x.png`),
    ]) {
      const text = await response.text();
      expect(text).not.toContain(server.dir);
      expect(text).not.toContain(fs.realpathSync(server.dir));
    }
  });
});
