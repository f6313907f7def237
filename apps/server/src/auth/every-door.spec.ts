/**
 * Every role × every entry point of the server, over real HTTP and websockets: each Query, Mutation
 * and Subscription field (the list comes from the schema, so a new field without a case fails here)
 * and each binary endpoint, called as an owner (session and token), an editor, a viewer, an owner's
 * read token, a worker token and nobody.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphQLObjectType } from 'graphql';
import { buildUnguardedSchema } from '../graphql/executable-schema';
import { describeEachServer, graphql, subscribe, type GraphTarget } from '../testing/server-fixtures';
import type { SignedInClient, TemporaryServer } from '../testing/temporary-server';

// Real servers on two databases, on a machine other tests share: generous per-test time.
jest.setTimeout(30_000);

type CallerName = 'ownerSession' | 'ownerToken' | 'editor' | 'viewer' | 'ownerRead' | 'worker';
const CALLERS: CallerName[] = ['ownerSession', 'ownerToken', 'editor', 'viewer', 'ownerRead', 'worker'];

/**
 * Who may call a field of each kind — written out by hand from the role table of docs/security.md,
 * not derived from the server's code.
 */
const MAY: Record<string, CallerName[]> = {
  signedIn: ['ownerSession', 'ownerToken', 'editor', 'viewer', 'ownerRead', 'worker'],
  read: ['ownerSession', 'ownerToken', 'editor', 'viewer', 'ownerRead'],
  write: ['ownerSession', 'ownerToken', 'editor'],
  comment: ['ownerSession', 'ownerToken', 'editor', 'viewer'],
  manage: ['ownerSession', 'ownerToken'],
};

interface Fixture {
  server: TemporaryServer;
  viewerName: string;
  notebookId(): Promise<string>;
  cellId(): Promise<string>;
  threadId(): Promise<string>;
  versionId(): Promise<string>;
}

interface Case {
  kind: keyof typeof MAY;
  operation(f: Fixture): Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const op = (query: string, variables?: Record<string, unknown>) => async () => ({ query, variables });

const QUERY_CASES: Record<string, Case> = {
  runs: { kind: 'read', operation: op('{ runs { edges { node { id } } } }') },
  run: { kind: 'read', operation: op('{ run(id: "r1") { id } }') },
  compareRuns: { kind: 'read', operation: op('{ compareRuns(ids: ["r1"]) { groupBy } }') },
  datasets: { kind: 'read', operation: op('{ datasets { id } }') },
  dataset: { kind: 'read', operation: op('{ dataset(id: "d1") { id } }') },
  datasetGenerators: { kind: 'read', operation: op('{ datasetGenerators }') },
  datasetFormats: { kind: 'read', operation: op('{ datasetFormats }') },
  methods: { kind: 'read', operation: op('{ methods { id } }') },
  prototypes: { kind: 'read', operation: op('{ prototypes(runId: "r1") { index } }') },
  saliencyMaps: { kind: 'read', operation: op('{ saliencyMaps(runId: "r1") { id } }') },
  evaluations: { kind: 'read', operation: op('{ evaluations(runId: "r1") { name } }') },
  notebooks: { kind: 'read', operation: op('{ notebooks { id } }') },
  notebook: { kind: 'read', operation: async (f) => ({ query: 'query ($id: ID!) { notebook(id: $id) { id } }', variables: { id: await f.notebookId() } }) },
  jobs: { kind: 'read', operation: op('{ jobs { id } }') },
  job: { kind: 'read', operation: op('{ job(id: "1") { id } }') },
  me: { kind: 'signedIn', operation: op('{ me { name role credential } }') },
  sweep: { kind: 'read', operation: op('{ sweep(id: "s1") { id } }') },
  sweeps: { kind: 'read', operation: op('{ sweeps { id progress { total } } }') },
  notebookVersion: { kind: 'read', operation: async (f) => ({ query: 'query ($id: ID!) { notebookVersion(id: $id) { id } }', variables: { id: await f.versionId() } }) },
  notebookDiff: { kind: 'read', operation: async (f) => ({ query: 'query ($id: ID!) { notebookDiff(from: $id) { __typename } }', variables: { id: await f.versionId() } }) },
};

const MUTATION_CASES: Record<string, Case> = {
  generateDataset: { kind: 'write', operation: op('mutation { generateDataset(generator: "mammo-two-view", n: 4, seed: 1, size: 16) { id } }') },
  importDataset: {
    kind: 'write',
    operation: async (f) => ({
      query: 'mutation ($s: String!) { importDataset(format: "medmnist", source: $s) { id } }',
      variables: { s: path.join(fs.realpathSync(f.server.dir), 'in.npz') },
    }),
  },
  startRun: { kind: 'write', operation: op('mutation { startRun(input: { method: "protopnet", datasetId: "d1", epochs: 1 }) { id } }') },
  cancelRun: { kind: 'write', operation: op('mutation { cancelRun(id: "r1") { id } }') },
  createSweep: {
    kind: 'write',
    operation: op('mutation { createSweep(input: { method: "global", datasetId: "d1", strategy: RANDOM, space: { learningRate: { min: 0.001, max: 0.1 } }, maxParallel: 1, budget: 1 }) { id state } }'),
  },
  cancelSweep: { kind: 'write', operation: op('mutation { cancelSweep(id: "s1") { id } }') },
  cancelJob: {
    kind: 'write',
    operation: async (f) => ({ query: `mutation { cancelJob(id: "${(await f.server.store.jobs.enqueue({ kind: 'explain', payload: {} })).id}") { id } }` }),
  },
  requestExplanations: { kind: 'write', operation: op('mutation { requestExplanations(runId: "r1", methods: ["gradcam"]) { id } }') },
  requestEvaluation: { kind: 'write', operation: op('mutation { requestEvaluation(runId: "r1", suites: ["classification"]) { id } }') },
  createNotebook: { kind: 'write', operation: op('mutation { createNotebook(title: "t") { id } }') },
  updateNotebook: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { updateNotebook(id: $id, title: "u") { id } }', variables: { id: await f.notebookId() } }) },
  deleteNotebook: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { deleteNotebook(id: $id) }', variables: { id: await f.notebookId() } }) },
  addCell: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { addCell(notebookId: $id, type: "markdown") { id } }', variables: { id: await f.notebookId() } }) },
  updateCell: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { updateCell(id: $id, spec: { text: "x" }) { id } }', variables: { id: await f.cellId() } }) },
  moveCell: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { moveCell(id: $id, index: 0) { id } }', variables: { id: await f.cellId() } }) },
  deleteCell: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { deleteCell(id: $id) }', variables: { id: await f.cellId() } }) },
  shareNotebook: {
    kind: 'manage',
    operation: async (f) => ({
      query: 'mutation ($id: ID!, $u: String!) { shareNotebook(notebookId: $id, user: $u, access: READ) { access } }',
      variables: { id: await f.notebookId(), u: f.viewerName },
    }),
  },
  unshareNotebook: {
    kind: 'manage',
    operation: async (f) => ({ query: 'mutation ($id: ID!, $u: String!) { unshareNotebook(notebookId: $id, user: $u) }', variables: { id: await f.notebookId(), u: f.viewerName } }),
  },
  addComment: { kind: 'comment', operation: async (f) => ({ query: 'mutation ($id: ID!) { addComment(cellId: $id, body: "hi") { id } }', variables: { id: await f.cellId() } }) },
  replyToComment: { kind: 'comment', operation: async (f) => ({ query: 'mutation ($id: ID!) { replyToComment(threadId: $id, body: "re") { id } }', variables: { id: await f.threadId() } }) },
  resolveComment: { kind: 'comment', operation: async (f) => ({ query: 'mutation ($id: ID!) { resolveComment(threadId: $id) { id } }', variables: { id: await f.threadId() } }) },
  reopenComment: { kind: 'comment', operation: async (f) => ({ query: 'mutation ($id: ID!) { reopenComment(threadId: $id) { id } }', variables: { id: await f.threadId() } }) },
  snapshotNotebook: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { snapshotNotebook(id: $id) { id } }', variables: { id: await f.notebookId() } }) },
  restoreNotebookVersion: { kind: 'write', operation: async (f) => ({ query: 'mutation ($id: ID!) { restoreNotebookVersion(id: $id) { id } }', variables: { id: await f.versionId() } }) },
};

const SUBSCRIPTION_CASES: Record<string, Case> = {
  runProgress: { kind: 'read', operation: op('subscription { runProgress(runId: "r1") { status } }') },
  jobUpdated: { kind: 'read', operation: async (f) => ({ query: `subscription { jobUpdated(id: "${(await f.server.store.jobs.enqueue({ kind: 'explain', payload: {} })).id}") { id } }` }) },
  jobs: { kind: 'read', operation: op('subscription { jobs { id } }') },
  commentThreadChanged: { kind: 'read', operation: async (f) => ({ query: 'subscription ($id: ID!) { commentThreadChanged(notebookId: $id) { id } }', variables: { id: await f.notebookId() } }) },
};

const BINARY_ENDPOINTS = ['/artifacts/' + '0'.repeat(64), '/images/d1/i1.png', '/masks/d1/i1/l1.png', '/heatmaps/1.png', '/prototypes/r1/0/patch.png'];

function codesOf(errors: unknown): string[] {
  return [...JSON.stringify(errors ?? []).matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]);
}

describe('the cases cover the schema', () => {
  const schema = buildUnguardedSchema();
  it.each([
    ['Query', QUERY_CASES],
    ['Mutation', MUTATION_CASES],
    ['Subscription', SUBSCRIPTION_CASES],
  ] as const)('every %s field has a case here', (root, cases) => {
    const fields = Object.keys((schema.getType(root) as GraphQLObjectType).getFields()).sort();
    expect(Object.keys(cases).sort()).toEqual(fields);
  });
});

describeEachServer('every door checks who is calling', (factory) => {
  let server: TemporaryServer;
  let fixture: Fixture;
  const clients = {} as Record<CallerName, SignedInClient | TemporaryServer>;

  beforeAll(async () => {
    server = await factory.start();
    const { store } = server;
    await store.datasets.register({ id: 'd1', path: path.join(server.dir, 'd1'), imageCount: 1, classes: ['a', 'b'] });
    await store.runs.create({ id: 'r1', method: 'protopnet', dataset: 'd1', config: {} });
    clients.ownerToken = server;
    clients.ownerSession = await server.signIn({ as: server.owner.name, scope: 'session' });
    clients.editor = await server.signIn({ role: 'editor', scope: 'write' });
    clients.viewer = await server.signIn({ role: 'viewer', scope: 'session' });
    clients.ownerRead = await server.signIn({ as: server.owner.name, scope: 'read' });
    clients.worker = await server.signIn({ as: server.owner.name, scope: 'worker' });
    const notebookId = async () => (await store.notebooks.create({ title: 'n' })).id;
    const cellId = async () => (await store.cells.add(await notebookId(), { type: 'markdown', spec: { text: 'a' } })).id;
    fixture = {
      server,
      viewerName: (clients.viewer as SignedInClient).user.name,
      notebookId,
      cellId,
      threadId: async () => (await store.comments.addThread(await cellId(), { id: null, name: 'ada' }, 'first')).id,
      versionId: async () => (await store.versions.save(await notebookId(), { kind: 'manual', cells: [] })).id,
    };
  });
  afterAll(() => server?.close());

  const expectOutcome = (allowed: boolean, status: number, codes: string[]) => {
    if (allowed) expect(codes.filter((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED')).toEqual([]);
    else expect({ status, codes }).toEqual({ status: 200, codes: ['FORBIDDEN'] });
  };

  describe.each([
    ['Query', QUERY_CASES],
    ['Mutation', MUTATION_CASES],
  ] as const)('%s over HTTP', (_root, cases) => {
    it.each(Object.keys(cases))('%s: allowed by role and credential, UNAUTHENTICATED (401) for nobody', async (field) => {
      const c = cases[field];
      for (const who of CALLERS) {
        const { query, variables } = await c.operation(fixture);
        const result = await graphql(clients[who] as GraphTarget, query, variables);
        const allowed = MAY[c.kind].includes(who);
        try {
          expectOutcome(allowed, result.status, codesOf(result.errors));
        } catch (error) {
          throw new Error(`${field} as ${who}: expected ${allowed ? 'allowed' : 'FORBIDDEN'}, got ${result.status} ${JSON.stringify(result.errors)}`, { cause: error });
        }
      }
      const { query, variables } = await c.operation(fixture);
      const anonymous = await graphql({ graphqlUrl: server.graphqlUrl }, query, variables);
      expect({ status: anonymous.status, codes: codesOf(anonymous.errors), data: anonymous.data }).toEqual({ status: 401, codes: ['UNAUTHENTICATED'], data: undefined });
    });
  });

  describe('Subscription over graphql-ws', () => {
    it.each(Object.keys(SUBSCRIPTION_CASES))('%s: allowed by role and credential; nobody cannot connect', async (field) => {
      const c = SUBSCRIPTION_CASES[field];
      for (const who of CALLERS) {
        const { query, variables } = await c.operation(fixture);
        const live = subscribe(clients[who], query, variables);
        let ended = false;
        void live.completed.then(() => (ended = true));
        // A refused subscription errors at once; an allowed one sends its first state or stays open.
        await Promise.race([live.waitFor(1).catch(() => undefined), live.completed, new Promise((r) => setTimeout(r, 300))]);
        const codes = codesOf(live.errors);
        const accepted = live.events.length > 0 || !ended;
        await live.close();
        const allowed = MAY[c.kind].includes(who);
        if (allowed) expect({ who, accepted, codes: codes.filter((x) => x === 'FORBIDDEN' || x === 'UNAUTHENTICATED') }).toEqual({ who, accepted: true, codes: [] });
        else expect({ who, events: live.events.length, codes }).toEqual({ who, events: 0, codes: ['FORBIDDEN'] });
      }
      const { query, variables } = await c.operation(fixture);
      const anonymous = subscribe({ subscriptionsUrl: server.subscriptionsUrl }, query, variables);
      await anonymous.completed;
      expect(anonymous.events).toEqual([]);
      expect((anonymous.errors[0] as { code?: number }).code).toBe(4401);
    }, 20_000);
  });

  it.each(BINARY_ENDPOINTS)('binary endpoint %s: 401 for nobody, 403 for a worker token, read for the others', async (endpoint) => {
    expect((await fetch(`${server.url}${endpoint}`)).status).toBe(401);
    for (const who of CALLERS) {
      const status = (await clients[who].fetch(`${server.url}${endpoint}`)).status;
      // Nothing exists at these addresses: a caller let through gets 404 (or 422 for the missing dataset folder).
      if (who === 'worker') expect({ who, status }).toEqual({ who, status: 403 });
      else expect({ who, status: [404, 422].includes(status) }).toEqual({ who, status: true });
    }
  });
});
