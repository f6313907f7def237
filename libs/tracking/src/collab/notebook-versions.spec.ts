import { InvalidInputError, UnknownNotebookError, UnknownNotebookVersionError } from '../errors';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';

describeEachStore('notebook versions', (factory) => {
  const current = useFreshStore(factory);

  it('numbers versions per notebook and lists them newest first with who and when', async () => {
    const { store, clock } = current();
    const nb = await store.createNotebook({ title: 'history' });
    const other = await store.createNotebook({ title: 'other' });
    const cells = [{ id: 'c1', type: 'markdown', spec: { source: 'v1', nested: { k: [1, 2] } } }];
    clock.set(1000);
    const v1 = await store.saveNotebookVersion(nb.id, { kind: 'manual', label: 'before review', author: { id: 'u1', name: 'Ada' }, cells });
    clock.set(2000);
    const v2 = await store.saveNotebookVersion(nb.id, { kind: 'auto', cells: [] });
    const o1 = await store.saveNotebookVersion(other.id, { kind: 'manual', cells: [] });
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
    expect(await store.listNotebookVersions(nb.id)).toEqual([
      { id: v2.id, notebookId: nb.id, number: 2, kind: 'auto', label: null, author: null, createdAt: new Date(2000) },
      { id: v1.id, notebookId: nb.id, number: 1, kind: 'manual', label: 'before review', author: { id: 'u1', name: 'Ada' }, createdAt: new Date(1000) },
    ]);
    expect((await store.getNotebookVersion(v1.id)).cells).toEqual(cells);
    expect((await store.latestNotebookVersion(nb.id))!.id).toBe(v2.id);
    expect(await store.latestNotebookVersion((await store.createNotebook({ title: 'empty' })).id)).toBeUndefined();
  });

  it('refuses unknown notebooks, kinds and versions', async () => {
    const { store } = current();
    await expect(store.saveNotebookVersion('missing', { kind: 'manual', cells: [] })).rejects.toBeInstanceOf(UnknownNotebookError);
    const nb = await store.createNotebook({ title: 'x' });
    await expect(store.saveNotebookVersion(nb.id, { kind: 'weekly' as never, cells: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.getNotebookVersion('nope')).rejects.toBeInstanceOf(UnknownNotebookVersionError);
  });
});
