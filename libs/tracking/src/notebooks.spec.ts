import { InvalidInputError, UnknownCellError, UnknownNotebookError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('notebooks', (factory) => {
  const current = useFreshStore(factory);

  it('creates, renames, lists (most recently updated first) and deletes notebooks', async () => {
    const { store, clock } = current();
    clock.set(10);
    const a = await store.notebooks.create({ title: 'Sweep review' });
    clock.set(20);
    const b = await store.notebooks.create({ title: 'Saliency' });
    expect(a).toEqual({ id: a.id, title: 'Sweep review', createdAt: new Date(10), updatedAt: new Date(10) });
    expect((await store.notebooks.list()).map((n) => n.id)).toEqual([b.id, a.id]);
    clock.set(30);
    const renamed = await store.notebooks.update(a.id, { title: 'Sweep review v2' });
    expect(renamed).toMatchObject({ title: 'Sweep review v2', createdAt: new Date(10), updatedAt: new Date(30) });
    expect((await store.notebooks.list()).map((n) => n.id)).toEqual([a.id, b.id]);
    await store.cells.add(a.id, { type: 'markdown', spec: { text: 'x' } });
    await store.notebooks.delete(a.id);
    expect((await store.notebooks.list()).map((n) => n.id)).toEqual([b.id]);
    await expect(store.cells.list(a.id)).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.notebooks.get(a.id)).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.notebooks.update('missing', { title: 't' })).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.notebooks.create({ title: '  ' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('keeps cells in order through appends, inserts, moves and deletes', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'order' });
    const order = async () => (await store.cells.list(nb.id)).map((c) => [c.spec.name, c.position]);
    const add = (name: string, position?: number) => store.cells.add(nb.id, { type: 'markdown', spec: { name }, position });
    const a = await add('A');
    const b = await add('B');
    const c = await add('C');
    expect(await order()).toEqual([['A', 0], ['B', 1], ['C', 2]]);
    const d = await add('D', 0);
    expect(await order()).toEqual([['D', 0], ['A', 1], ['B', 2], ['C', 3]]);
    await add('E', 99);
    expect((await order()).map(([n]) => n)).toEqual(['D', 'A', 'B', 'C', 'E']);
    // Moving down: D goes to index 2, A and B shift up.
    expect((await store.cells.move(d.id, 2)).position).toBe(2);
    expect((await order()).map(([n]) => n)).toEqual(['A', 'B', 'D', 'C', 'E']);
    // Moving up, and past the end clamps to the last index.
    await store.cells.move(c.id, 0);
    expect((await order()).map(([n]) => n)).toEqual(['C', 'A', 'B', 'D', 'E']);
    await store.cells.move(a.id, 50);
    expect(await order()).toEqual([['C', 0], ['B', 1], ['D', 2], ['E', 3], ['A', 4]]);
    await store.cells.delete(b.id);
    expect(await order()).toEqual([['C', 0], ['D', 1], ['E', 2], ['A', 3]]);
    await expect(store.cells.delete(b.id)).rejects.toBeInstanceOf(UnknownCellError);
    await expect(store.cells.move(b.id, 0)).rejects.toBeInstanceOf(UnknownCellError);
    await expect(store.cells.add('missing', { type: 'markdown' })).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.cells.move(a.id, -1)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('updates a cell type and spec, and touches its notebook', async () => {
    const { store, clock } = current();
    clock.set(100);
    const nb = await store.notebooks.create({ title: 'charts' });
    const cell = await store.cells.add(nb.id, { type: 'metric-chart', spec: { runs: ['r1'], metric: 'val/auc' } });
    expect(cell).toMatchObject({ notebookId: nb.id, position: 0, type: 'metric-chart', spec: { runs: ['r1'], metric: 'val/auc' } });
    clock.set(200);
    const updated = await store.cells.update(cell.id, { spec: { runs: ['r1', 'r2'], metric: 'val/auc', smooth: 0.6 } });
    expect(updated).toMatchObject({ type: 'metric-chart', spec: { runs: ['r1', 'r2'], metric: 'val/auc', smooth: 0.6 } });
    expect(updated.createdAt).toEqual(new Date(100));
    expect(updated.updatedAt).toEqual(new Date(200));
    expect((await store.notebooks.get(nb.id)).updatedAt).toEqual(new Date(200));
    const retyped = await store.cells.update(cell.id, { type: 'runs-table' });
    expect(retyped.spec).toEqual(updated.spec);
    expect(retyped.type).toBe('runs-table');
    await expect(store.cells.update(cell.id, { spec: { bad: Number.NaN } })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.cells.update('missing', { type: 'x' })).rejects.toBeInstanceOf(UnknownCellError);
  });
});
