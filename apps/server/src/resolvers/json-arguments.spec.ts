/**
 * JSON arguments the schema types as any value but the resolvers need as objects (a cell's spec, a
 * sweep's base config): refused as BAD_USER_INPUT naming the argument, before anything is written.
 */
import { describeEachServer, graphql } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

describeEachServer('JSON object arguments', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
  });
  afterAll(() => server?.close());

  it('addCell and updateCell refuse a spec that is not an object and leave the notebook as it was', async () => {
    const notebook = await server.store.notebooks.create({ title: 'specs' });
    const cell = await server.store.cells.add(notebook.id, { type: 'markdown', spec: { source: 'kept' } });
    const added = await graphql(server, `mutation($id: ID!) { addCell(notebookId: $id, type: "markdown", spec: 5) { id } }`, { id: notebook.id });
    expect(added.errors?.[0]).toMatchObject({ message: 'spec must be a JSON object, got number', extensions: { code: 'BAD_USER_INPUT' } });
    const updated = await graphql(server, `mutation($id: ID!) { updateCell(id: $id, spec: ["source"]) { id } }`, { id: cell.id });
    expect(updated.errors?.[0]).toMatchObject({ message: 'spec must be a JSON object, got an array', extensions: { code: 'BAD_USER_INPUT' } });
    const cells = await server.store.cells.list(notebook.id);
    expect(cells.map((c) => [c.type, c.spec])).toEqual([['markdown', { source: 'kept' }]]);
  });

  it('createSweep refuses a base config that is not an object', async () => {
    await server.store.datasets.register({ id: 'mammo-1', path: '/data/mammo-1', imageCount: 8, classes: ['benign', 'malignant'] });
    const response = await graphql(
      server,
      `mutation { createSweep(input: { method: "global", datasetId: "mammo-1", strategy: GRID, space: { lr: { values: [0.1] } }, maxParallel: 1, config: "lr=0.1" }) { id } }`,
    );
    expect(response.errors?.[0]).toMatchObject({ message: 'config must be a JSON object, got string', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await server.store.sweeps.list({})).toEqual([]);
  });
});
