import { InvalidInputError, UnknownNotebookError, UnknownNotebookVersionError } from '../errors';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';

describeEachStore('notebook versions', (factory) => {
  const current = useFreshStore(factory);

  it('numbers versions per notebook and lists them newest first with who and when', async () => {
    const { store, clock } = current();
    const nb = await store.notebooks.create({ title: 'history' });
    const other = await store.notebooks.create({ title: 'other' });
    const cells = [{ id: 'c1', type: 'markdown', spec: { source: 'v1', nested: { k: [1, 2] } } }];
    clock.set(1000);
    const v1 = await store.versions.save(nb.id, { kind: 'manual', label: 'before review', author: { id: 'u1', name: 'Ada' }, cells });
    clock.set(2000);
    const v2 = await store.versions.save(nb.id, { kind: 'auto', cells: [] });
    const o1 = await store.versions.save(other.id, { kind: 'manual', cells: [] });
    expect([v1.number, v2.number, o1.number]).toEqual([1, 2, 1]);
    expect(v1).toEqual({
      id: v1.id,
      notebookId: nb.id,
      number: 1,
      kind: 'manual',
      label: 'before review',
      author: { id: 'u1', name: 'Ada' },
      createdAt: new Date(1000),
      cells,
    });
    expect(await store.versions.list(nb.id)).toEqual([
      { id: v2.id, notebookId: nb.id, number: 2, kind: 'auto', label: null, author: null, createdAt: new Date(2000) },
      { id: v1.id, notebookId: nb.id, number: 1, kind: 'manual', label: 'before review', author: { id: 'u1', name: 'Ada' }, createdAt: new Date(1000) },
    ]);
    expect((await store.versions.get(v1.id)).cells).toEqual(cells);
    expect((await store.versions.latest(nb.id))!.id).toBe(v2.id);
    expect(await store.versions.latest((await store.notebooks.create({ title: 'empty' })).id)).toBeUndefined();
  });

  it('refuses unknown notebooks, kinds and versions', async () => {
    const { store } = current();
    await expect(store.versions.save('missing', { kind: 'manual', cells: [] })).rejects.toBeInstanceOf(UnknownNotebookError);
    const nb = await store.notebooks.create({ title: 'x' });
    await expect(store.versions.save(nb.id, { kind: 'weekly' as never, cells: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.versions.get('nope')).rejects.toBeInstanceOf(UnknownNotebookVersionError);
  });
});
