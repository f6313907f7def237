import { InvalidInputError, UnknownCellError, UnknownNotebookError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('notebooks', (factory) => {
  const current = useFreshStore(factory);

  it('creates, renames, lists (most recently updated first) and deletes notebooks', async () => {
    const { store, clock } = current();
    clock.set(10);
    const a = await store.createNotebook({ title: 'Sweep review' });
    clock.set(20);
    const b = await store.createNotebook({ title: 'Saliency' });
    expect(a).toEqual({ id: a.id, title: 'Sweep review', createdAt: new Date(10), updatedAt: new Date(10) });
    expect((await store.listNotebooks()).map((n) => n.id)).toEqual([b.id, a.id]);
    clock.set(30);
    const renamed = await store.updateNotebook(a.id, { title: 'Sweep review v2' });
    expect(renamed).toMatchObject({ title: 'Sweep review v2', createdAt: new Date(10), updatedAt: new Date(30) });
    expect((await store.listNotebooks()).map((n) => n.id)).toEqual([a.id, b.id]);
    await store.addCell(a.id, { type: 'markdown', spec: { text: 'x' } });
    await store.deleteNotebook(a.id);
    expect((await store.listNotebooks()).map((n) => n.id)).toEqual([b.id]);
    await expect(store.cells(a.id)).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.getNotebook(a.id)).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.updateNotebook('missing', { title: 't' })).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.createNotebook({ title: '  ' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('keeps cells in order through appends, inserts, moves and deletes', async () => {
    const { store } = current();
    const nb = await store.createNotebook({ title: 'order' });
    const order = async () => (await store.cells(nb.id)).map((c) => [c.spec.name, c.position]);
    const add = (name: string, position?: number) => store.addCell(nb.id, { type: 'markdown', spec: { name }, position });
    const a = await add('A');
    const b = await add('B');
    const c = await add('C');
    expect(await order()).toEqual([['A', 0], ['B', 1], ['C', 2]]);
    const d = await add('D', 0);
    expect(await order()).toEqual([['D', 0], ['A', 1], ['B', 2], ['C', 3]]);
    await add('E', 99);
    expect((await order()).map(([n]) => n)).toEqual(['D', 'A', 'B', 'C', 'E']);
    // Moving down: D goes to index 2, A and B shift up.
    expect((await store.moveCell(d.id, 2)).position).toBe(2);
    expect((await order()).map(([n]) => n)).toEqual(['A', 'B', 'D', 'C', 'E']);
    // Moving up, and past the end clamps to the last index.
    await store.moveCell(c.id, 0);
    expect((await order()).map(([n]) => n)).toEqual(['C', 'A', 'B', 'D', 'E']);
    await store.moveCell(a.id, 50);
    expect(await order()).toEqual([['C', 0], ['B', 1], ['D', 2], ['E', 3], ['A', 4]]);
    await store.deleteCell(b.id);
    expect(await order()).toEqual([['C', 0], ['D', 1], ['E', 2], ['A', 3]]);
    await expect(store.deleteCell(b.id)).rejects.toBeInstanceOf(UnknownCellError);
    await expect(store.moveCell(b.id, 0)).rejects.toBeInstanceOf(UnknownCellError);
    await expect(store.addCell('missing', { type: 'markdown' })).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.moveCell(a.id, -1)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('updates a cell type and spec, and touches its notebook', async () => {
    const { store, clock } = current();
    clock.set(100);
    const nb = await store.createNotebook({ title: 'charts' });
    const cell = await store.addCell(nb.id, { type: 'metric-chart', spec: { runs: ['r1'], metric: 'val/auc' } });
    expect(cell).toMatchObject({ notebookId: nb.id, position: 0, type: 'metric-chart', spec: { runs: ['r1'], metric: 'val/auc' } });
    clock.set(200);
    const updated = await store.updateCell(cell.id, { spec: { runs: ['r1', 'r2'], metric: 'val/auc', smooth: 0.6 } });
    expect(updated).toMatchObject({ type: 'metric-chart', spec: { runs: ['r1', 'r2'], metric: 'val/auc', smooth: 0.6 } });
    expect(updated.createdAt).toEqual(new Date(100));
    expect(updated.updatedAt).toEqual(new Date(200));
    expect((await store.getNotebook(nb.id)).updatedAt).toEqual(new Date(200));
    const retyped = await store.updateCell(cell.id, { type: 'runs-table' });
    expect(retyped.spec).toEqual(updated.spec);
    expect(retyped.type).toBe('runs-table');
    await expect(store.updateCell(cell.id, { spec: { bad: Number.NaN } })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.updateCell('missing', { type: 'x' })).rejects.toBeInstanceOf(UnknownCellError);
  });
});
