import { InvalidInputError, UnknownCellError, UnknownCommentThreadError } from '../errors';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';

const ada = { id: 'u-ada', name: 'Ada' };
const ben = { id: 'u-ben', name: 'Ben' };

describeEachStore('comment threads', (factory) => {
  const current = useFreshStore(factory);

  it('opens, replies, resolves and reopens, with authors and times', async () => {
    const { store, clock } = current();
    const nb = await store.notebooks.create({ title: 'review' });
    const cell = await store.cells.add(nb.id, { type: 'markdown' });
    clock.set(100);
    const thread = await store.comments.addThread(cell.id, ada, '  Is this the validation split? ');
    expect(thread).toMatchObject({ notebookId: nb.id, cellId: cell.id, resolved: false, resolvedAt: null, resolvedBy: null, createdAt: new Date(100) });
    expect(thread.comments).toEqual([
      { id: thread.comments[0]!.id, threadId: thread.id, author: ada, body: 'Is this the validation split?', createdAt: new Date(100) },
    ]);
    clock.set(200);
    const replied = await store.comments.reply(thread.id, ben, 'Yes, fold 3.');
    expect(replied.comments.map((c) => [c.author.name, c.body])).toEqual([
      ['Ada', 'Is this the validation split?'],
      ['Ben', 'Yes, fold 3.'],
    ]);
    expect(replied.updatedAt).toEqual(new Date(200));
    clock.set(300);
    const resolved = await store.comments.resolve(thread.id, ben);
    expect(resolved).toMatchObject({ resolved: true, resolvedAt: new Date(300), resolvedBy: 'Ben', updatedAt: new Date(300) });
    clock.set(400);
    expect(await store.comments.resolve(thread.id, ada)).toMatchObject({ resolvedAt: new Date(300), resolvedBy: 'Ben' });
    const reopened = await store.comments.reopen(thread.id);
    expect(reopened).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null, updatedAt: new Date(400) });
  });

  it('lists threads per cell and the open ones of a notebook, and what changed after a time', async () => {
    const { store, clock } = current();
    const nb = await store.notebooks.create({ title: 'lists' });
    const a = await store.cells.add(nb.id, { type: 'markdown' });
    const b = await store.cells.add(nb.id, { type: 'markdown' });
    clock.set(10);
    const t1 = await store.comments.addThread(a.id, ada, 'one');
    clock.set(20);
    const t2 = await store.comments.addThread(a.id, ben, 'two');
    clock.set(30);
    const t3 = await store.comments.addThread(b.id, ada, 'three');
    clock.set(40);
    await store.comments.resolve(t2.id, ada);
    const byCell = await store.comments.threadsOfCells([a.id, b.id, 'none']);
    expect(byCell.get(a.id)!.map((t) => t.id)).toEqual([t1.id, t2.id]);
    expect(byCell.get(b.id)!.map((t) => t.id)).toEqual([t3.id]);
    expect(byCell.get('none')).toEqual([]);
    expect((await store.comments.threadsOfNotebook(nb.id, { openOnly: true })).map((t) => t.id)).toEqual([t1.id, t3.id]);
    expect((await store.comments.threadsOfNotebook(nb.id, { changedAfter: 25 })).map((t) => t.id)).toEqual([t2.id, t3.id]);
  });

  it('refuses empty or overlong text, unknown cells and threads', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'bad' });
    const cell = await store.cells.add(nb.id, { type: 'markdown' });
    await expect(store.comments.addThread(cell.id, ada, '   ')).rejects.toThrow('addComment: body: value: a comment needs some text');
    await expect(store.comments.addThread(cell.id, ada, 'x'.repeat(10_001))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.comments.addThread('missing', ada, 'hi')).rejects.toBeInstanceOf(UnknownCellError);
    await expect(store.comments.reply('missing', ada, 'hi')).rejects.toBeInstanceOf(UnknownCommentThreadError);
    await expect(store.comments.resolve('missing', ada)).rejects.toBeInstanceOf(UnknownCommentThreadError);
    expect(await store.comments.threadsOfNotebook(nb.id)).toEqual([]);
  });

  it('a thread outlives its cell row, and goes with its notebook', async () => {
    const { store } = current();
    const nb = await store.notebooks.create({ title: 'outlive' });
    const cell = await store.cells.add(nb.id, { type: 'markdown' });
    const thread = await store.comments.addThread(cell.id, ada, 'keep me');
    await store.cells.delete(cell.id);
    expect((await store.comments.threadsOfCells([cell.id])).get(cell.id)!.map((t) => t.id)).toEqual([thread.id]);
    await store.notebooks.delete(nb.id);
    await expect(store.comments.getThread(thread.id)).rejects.toBeInstanceOf(UnknownCommentThreadError);
    expect(await store.database.selectFrom('comments').selectAll().execute()).toEqual([]);
  });
});
