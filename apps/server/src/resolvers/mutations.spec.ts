import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeEachServer, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

describeEachServer('mutations', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
  });
  afterAll(() => server?.close());

  it('work-starting mutations only queue jobs, with the payloads the worker reads', async () => {
    const { store } = server;
    await store.datasets.register({ id: 'mammo-1', path: '/data/mammo-1', imageCount: 8, classes: ['benign', 'malignant'] });
    await store.runs.create({ id: 'r1', method: 'protopnet', dataset: 'mammo-1', config: {} });
    // The temporary server's folder is its data root; an import must name a path under it.
    const source = path.join(fs.realpathSync(server.dir), 'downloads', 'pneumoniamnist.npz');
    const data = await queryData<Record<string, { id: string; kind: string; status: string; payload: unknown; runId: string | null }>>(
      server,
      `mutation {
        gen: generateDataset(generator: "mammo-two-view", n: 40, seed: 3, size: 64) { id kind status payload runId }
        imp: importDataset(format: "medmnist", source: ${JSON.stringify(source)}) { id kind status payload runId }
        train: startRun(input: { method: "protopnet", datasetId: "mammo-1", epochs: 5, seed: 7, config: { prototypesPerClass: 5 }, name: "p5", tags: ["sweep"], batchSize: 16 }) { id kind status payload runId }
        explain: requestExplanations(runId: "r1", methods: ["gradcam", "rise"], limit: 8) { id kind status payload runId }
        evaluate: requestEvaluation(runId: "r1", suites: ["classification", "localisation"]) { id kind status payload runId }
      }`,
    );
    expect(data.gen).toMatchObject({ kind: 'generate-dataset', status: 'QUEUED', payload: { generator: 'mammo-two-view', n: 40, seed: 3, size: 64 }, runId: null });
    expect(data.imp).toMatchObject({ kind: 'import-dataset', payload: { format: 'medmnist', source } });
    expect(data.train).toMatchObject({
      kind: 'train',
      payload: { method: 'protopnet', data: 'mammo-1', epochs: 5, seed: 7, config: { prototypesPerClass: 5 }, name: 'p5', tags: ['sweep'], batchSize: 16 },
    });
    expect(data.explain).toMatchObject({ kind: 'explain', payload: { runId: 'r1', methods: ['gradcam', 'rise'], images: 'split:val', limit: 8 }, runId: 'r1' });
    expect(data.evaluate).toMatchObject({ kind: 'evaluate', payload: { runId: 'r1', suites: ['classification', 'localisation'] }, runId: 'r1' });
    // The store holds exactly these queued jobs; nothing ran.
    const jobs = await store.jobs.list({});
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([
      ['generate-dataset', 'queued'],
      ['import-dataset', 'queued'],
      ['train', 'queued'],
      ['explain', 'queued'],
      ['evaluate', 'queued'],
    ]);
    const listed = await queryData<{ jobs: Array<{ kind: string }> }>(server, '{ jobs(status: [QUEUED], last: 2) { kind } }');
    expect(listed.jobs.map((j) => j.kind)).toEqual(['evaluate', 'explain']);
  });

  it('cancelRun cancels the run\'s unfinished jobs; a run without one is marked cancelled', async () => {
    const { store } = server;
    await store.runs.create({ id: 'busy', method: 'global', config: {}, status: 'running' });
    const job = await store.jobs.enqueue({ kind: 'train', runId: 'busy' });
    await store.runs.create({ id: 'orphan', method: 'global', config: {}, status: 'running' });
    const data = await queryData<{ a: { status: string }; b: { status: string } }>(server, 'mutation { a: cancelRun(id: "busy") { status } b: cancelRun(id: "orphan") { status } }');
    expect((await store.jobs.get(job.id)).status).toBe('cancelled');
    expect(data.a.status).toBe('RUNNING'); // the worker sees the cancelled job and stops the run itself
    expect(data.b.status).toBe('CANCELLED');
  });

  it('edits notebooks and keeps cells in order', async () => {
    const created = await queryData<{ createNotebook: { id: string; title: string } }>(server, 'mutation { createNotebook(title: "Review") { id title } }');
    const id = created.createNotebook.id;
    const add = async (text: string, position?: number) =>
      (await queryData<{ addCell: { id: string } }>(server, 'mutation ($id: ID!, $spec: JSON, $p: Int) { addCell(notebookId: $id, type: "markdown", spec: $spec, position: $p) { id } }', { id, spec: { text }, p: position })).addCell.id;
    const one = await add('one');
    await add('two');
    const zero = await add('zero', 0);
    await queryData(server, 'mutation ($c: ID!) { moveCell(id: $c, index: 2) { position } }', { c: zero });
    await queryData(server, 'mutation ($c: ID!) { updateCell(id: $c, spec: { text: "ONE" }) { id } }', { c: one });
    await queryData(server, 'mutation ($id: ID!) { updateNotebook(id: $id, title: "Review v2") { id } }', { id });
    const read = await queryData<{ notebook: { title: string; cells: Array<{ position: number; spec: { text: string }; notebook: { id: string } }> } }>(
      server,
      'query ($id: ID!) { notebook(id: $id) { title cells { position spec notebook { id } } } }',
      { id },
    );
    expect(read.notebook.title).toBe('Review v2');
    expect(read.notebook.cells.map((c) => [c.position, c.spec.text])).toEqual([[0, 'ONE'], [1, 'two'], [2, 'zero']]);
    expect(read.notebook.cells.every((c) => c.notebook.id === id)).toBe(true);
    await queryData(server, 'mutation ($c: ID!) { deleteCell(id: $c) }', { c: one });
    const deleted = await queryData<{ deleteNotebook: string }>(server, 'mutation ($id: ID!) { deleteNotebook(id: $id) }', { id });
    expect(deleted.deleteNotebook).toBe(id);
    expect((await queryData<{ notebooks: unknown[] }>(server, '{ notebooks { id } }')).notebooks).toEqual([]);
  });
});
