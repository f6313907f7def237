import { InvalidInputError, NotebookIsLiveError, UnknownNotebookError } from '../errors';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';

describeEachStore('notebook documents', (factory) => {
  const current = useFreshStore(factory);

  it('has no state until one is saved, then gives the same bytes back', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'live' });
    expect(await store.documents.load(nb.id)).toBeUndefined();
    const state = new Uint8Array([0, 1, 2, 250, 255, 0, 7]);
    await store.documents.save(nb.id, { state, cells: [] });
    expect(Array.from((await store.documents.load(nb.id))!)).toEqual([0, 1, 2, 250, 255, 0, 7]);
    await store.documents.save(nb.id, { state: new Uint8Array([9]), cells: [] });
    expect(Array.from((await store.documents.load(nb.id))!)).toEqual([9]);
    await expect(store.documents.load('missing')).rejects.toBeInstanceOf(UnknownNotebookError);
  });

  it('stores a first state only once: the second process to build one gets false and keeps the first', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'first' });
    expect(await store.documents.create(nb.id, new Uint8Array([1, 2]))).toBe(true);
    expect(await store.documents.create(nb.id, new Uint8Array([3]))).toBe(false);
    expect(Array.from((await store.documents.load(nb.id))!)).toEqual([1, 2]);
    await expect(store.documents.create('missing', new Uint8Array([1]))).rejects.toBeInstanceOf(UnknownNotebookError);
  });

  it('writes the cells through: inserts at version 1, bumps the version only on a type or spec change, renumbers, deletes', async () => {
    const { store, clock } = current();
    clock.set(1000);
    const nb = await store.notebooks.create({ title: 'rows' });
    const seeded = await store.cells.add(nb.id, { type: 'markdown', spec: { source: 'seed' } });
    expect(seeded.version).toBe(1);
    clock.set(2000);
    const state = new Uint8Array([1]);
    let rows = await store.documents.save(nb.id, {
      state,
      cells: [
        { id: 'b', type: 'runs-table', spec: { selected: ['r1'] } },
        { id: seeded.id, type: 'markdown', spec: { source: 'seed' } },
      ],
    });
    expect(rows.map((c) => [c.id, c.position, c.version, c.type])).toEqual([
      ['b', 0, 1, 'runs-table'],
      [seeded.id, 1, 1, 'markdown'],
    ]);
    expect(rows[1]!.updatedAt).toEqual(new Date(1000));
    // Same content, other order and key order: versions stay; moved rows renumbered.
    clock.set(3000);
    rows = await store.documents.save(nb.id, {
      state,
      cells: [
        { id: seeded.id, type: 'markdown', spec: { source: 'seed' } },
        { id: 'b', type: 'runs-table', spec: { selected: ['r1'] } },
      ],
    });
    expect(rows.map((c) => [c.id, c.position, c.version])).toEqual([
      [seeded.id, 0, 1],
      ['b', 1, 1],
    ]);
    // A spec change and a type change each count once; a deleted cell's row goes.
    rows = await store.documents.save(nb.id, { state, cells: [{ id: 'b', type: 'runs-table', spec: { selected: ['r1', 'r2'] } }] });
    expect(rows.map((c) => [c.id, c.position, c.version, c.spec])).toEqual([['b', 0, 2, { selected: ['r1', 'r2'] }]]);
    expect(rows[0]!.updatedAt).toEqual(new Date(3000));
    rows = await store.documents.save(nb.id, { state, cells: [{ id: 'b', type: 'metric-chart', spec: { selected: ['r1', 'r2'] } }] });
    expect(rows[0]!.version).toBe(3);
    expect((await store.notebooks.get(nb.id)).updatedAt).toEqual(new Date(3000));
  });

  it('refuses row edits once the notebook is live, and bad cell lists before writing anything', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'guarded' });
    const cell = await store.cells.add(nb.id, { type: 'markdown', spec: {} });
    await store.documents.save(nb.id, { state: new Uint8Array([1]), cells: [{ id: cell.id, type: 'markdown', spec: {} }] });
    await expect(store.cells.add(nb.id, { type: 'markdown' })).rejects.toBeInstanceOf(NotebookIsLiveError);
    await expect(store.cells.update(cell.id, { spec: { a: 1 } })).rejects.toThrow(`notebook "${nb.id}" is edited live`);
    await expect(store.cells.move(cell.id, 0)).rejects.toBeInstanceOf(NotebookIsLiveError);
    await expect(store.cells.delete(cell.id)).rejects.toBeInstanceOf(NotebookIsLiveError);

    const twice = [
      { id: 'x', type: 'markdown', spec: {} },
      { id: 'x', type: 'markdown', spec: {} },
    ];
    await expect(store.documents.save(nb.id, { state: new Uint8Array([2]), cells: twice })).rejects.toThrow(
      'saveNotebookDocument: cells[1]: cell x is listed twice',
    );
    const other = await store.notebooks.create({ title: 'other' });
    const foreign = await store.cells.add(other.id, { type: 'markdown' });
    await expect(
      store.documents.save(nb.id, { state: new Uint8Array([3]), cells: [{ id: foreign.id, type: 'markdown', spec: {} }] }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    // Nothing of the refused saves was written.
    expect(Array.from((await store.documents.load(nb.id))!)).toEqual([1]);
    expect((await store.cells.list(nb.id)).map((c) => c.id)).toEqual([cell.id]);
  });

  it('goes with its notebook', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'gone' });
    await store.documents.save(nb.id, { state: new Uint8Array([1]), cells: [{ id: 'c', type: 'markdown', spec: {} }] });
    await store.notebooks.delete(nb.id);
    const left = await store.database.selectFrom('notebook_documents').selectAll().execute();
    expect(left).toEqual([]);
  });
});
