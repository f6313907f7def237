import { cellText, readCells } from '@protoscope/notebook-doc';
import { openCollabClient, waitFor, type CollabClient } from '../testing/collab-client';
import { describeEachServer, graphql, queryData, subscribe } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

jest.setTimeout(30_000);

const THREAD = `id cellId notebookId resolved resolvedBy comments { author { id name } body }`;

describeEachServer('comments and history in the graph', (factory) => {
  let server: TemporaryServer;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await factory.start({ pollIntervalMs: 50, collab: { storeDelayMs: 100, autoSnapshotMs: 300 } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('threads: add, reply, resolve, reopen; Cell.comments; the open ones for a script; live to subscribers and open editors', async () => {
    const nb = await server.store.notebooks.create({ title: 'review' });
    const cell = await server.store.cells.add(nb.id, { type: 'markdown', spec: { source: 'AUC 0.91' } });
    const reviewer = await server.signIn({ role: 'viewer', scope: 'session' });
    const live = subscribe<{ commentThreadChanged: { id: string; resolved: boolean; comments: unknown[] } }>(
      server,
      `subscription($nb: ID!) { commentThreadChanged(notebookId: $nb) { id resolved comments { body } } }`,
      { nb: nb.id },
    );
    const editor = openCollabClient(server, nb.id, server.token);
    clients.push(editor);
    await editor.synced;
    const notices: string[] = [];
    editor.provider.on('stateless', ({ payload }: { payload: string }) => notices.push(payload));
    try {
      const opened = await queryData<{ addComment: { id: string; comments: Array<{ author: { name: string }; body: string }> } }>(
        reviewer,
        `mutation($cell: ID!, $body: String!) { addComment(cellId: $cell, body: $body) { ${THREAD} } }`,
        { cell: cell.id, body: 'Which split is this?' },
      );
      const threadId = opened.addComment.id;
      expect(opened.addComment).toMatchObject({ cellId: cell.id, notebookId: nb.id, resolved: false, resolvedBy: null });
      expect(opened.addComment.comments).toEqual([{ author: { id: reviewer.user.id, name: reviewer.user.name }, body: 'Which split is this?' }]);
      await queryData(server, `mutation($t: ID!) { replyToComment(threadId: $t, body: "validation, fold 3") { id } }`, { t: threadId });
      const second = await queryData<{ addComment: { id: string } }>(server, `mutation($cell: ID!) { addComment(cellId: $cell, body: "typo in title") { id } }`, {
        cell: cell.id,
      });
      const resolved = await queryData<{ resolveComment: { resolved: boolean; resolvedBy: string } }>(
        server,
        `mutation($t: ID!) { resolveComment(threadId: $t) { resolved resolvedBy } }`,
        { t: second.addComment.id },
      );
      expect(resolved.resolveComment).toEqual({ resolved: true, resolvedBy: server.owner.name });
      const read = await queryData<{ notebook: { cells: Array<{ comments: Array<{ id: string; comments: Array<{ body: string }> }> }>; commentThreads: Array<{ id: string }> } }>(
        server,
        `query($nb: ID!) { notebook(id: $nb) { cells { comments { id comments { body } } } commentThreads(open: true) { id } } }`,
        { nb: nb.id },
      );
      expect(read.notebook.cells[0]!.comments.map((t) => [t.id, t.comments.map((c) => c.body)])).toEqual([
        [threadId, ['Which split is this?', 'validation, fold 3']],
        [second.addComment.id, ['typo in title']],
      ]);
      expect(read.notebook.commentThreads.map((t) => t.id)).toEqual([threadId]);
      const reopened = await queryData<{ reopenComment: { resolved: boolean } }>(server, `mutation($t: ID!) { reopenComment(threadId: $t) { resolved } }`, {
        t: second.addComment.id,
      });
      expect(reopened.reopenComment.resolved).toBe(false);
      // Subscribers see every thread reach its latest state: open + reply, open + resolve + reopen. Polling may
      // merge a burst on one thread into one event, so the number of events depends on timing.
      const latest = (id: string) => [...live.events].reverse().find((e) => e.commentThreadChanged.id === id)?.commentThreadChanged;
      await waitFor(() => latest(threadId)?.comments.length === 2 && latest(second.addComment.id)?.resolved === false, 'the subscription');
      expect(new Set(live.events.map((e) => e.commentThreadChanged.id))).toEqual(new Set([threadId, second.addComment.id]));
      expect(live.events.find((e) => e.commentThreadChanged.id === threadId && e.commentThreadChanged.comments.length === 2)).toBeDefined();
      await waitFor(() => notices.length >= 5, 'the open editor to be told');
      expect(JSON.parse(notices[0]!)).toEqual({ type: 'comments', threadId, cellId: cell.id });
      const empty = await graphql(server, `mutation($cell: ID!) { addComment(cellId: $cell, body: "  ") { id } }`, { cell: cell.id });
      expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const nowhere = await graphql(server, `mutation { replyToComment(threadId: "nope", body: "hi") { id } }`);
      expect(nowhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await live.close();
    }
  });

  it('history: snapshots by hand and while editing, versions with who and when, a diff, and restore as a new change', async () => {
    const nb = await server.store.notebooks.create({ title: 'history' });
    const keep = await server.store.cells.add(nb.id, { type: 'markdown', spec: { source: 'Findings v1' } });
    const chart = await server.store.cells.add(nb.id, { type: 'metric-chart', spec: { keys: ['loss'] } });
    const v1 = await queryData<{ snapshotNotebook: { id: string; number: number; kind: string; label: string; author: { name: string } } }>(
      server,
      `mutation($nb: ID!) { snapshotNotebook(id: $nb, label: "before review") { id number kind label author { name } } }`,
      { nb: nb.id },
    );
    expect(v1.snapshotNotebook).toMatchObject({ number: 1, kind: 'MANUAL', label: 'before review', author: { name: server.owner.name } });

    // A browser edits: text, a new cell, a deleted cell; an automatic snapshot follows within its interval.
    const editor = openCollabClient(server, nb.id, server.token);
    clients.push(editor);
    await editor.synced;
    cellText(editor.doc, keep.id, 'source')!.insert(10, '2 (reviewed)');
    editor.doc.transact(() => {
      editor.doc.getMap('cells').delete(chart.id);
      const order = editor.doc.getArray<string>('order');
      order.delete(order.toArray().indexOf(chart.id), 1);
    });
    await waitFor(async () => (await server.store.cells.list(nb.id)).length === 1, 'the edit to be stored');
    await new Promise((resolve) => setTimeout(resolve, 400));
    cellText(editor.doc, keep.id, 'source')!.insert(0, '# ');
    await waitFor(async () => (await server.store.versions.list(nb.id)).some((v) => v.kind === 'auto'), 'an automatic snapshot', 5000);
    const versions = await queryData<{ notebook: { versions: Array<{ number: number; kind: string; author: { name: string } | null; createdAt: string }> } }>(
      server,
      `query($nb: ID!) { notebook(id: $nb) { versions { number kind author { name } createdAt } } }`,
      { nb: nb.id },
    );
    expect(versions.notebook.versions.at(-1)).toMatchObject({ number: 1, kind: 'MANUAL' });
    expect(versions.notebook.versions[0]).toMatchObject({ kind: 'AUTO', author: { name: server.owner.name } });

    const diff = await queryData<{ notebookDiff: { added: unknown[]; removed: Array<{ id: string }>; changed: Array<{ id: string; keys: string[]; after: { spec: { source: string } } }>; to: null } }>(
      server,
      `query($from: ID!) { notebookDiff(from: $from) { added { id } removed { id } changed { id keys after { spec } } to { id } } }`,
      { from: v1.snapshotNotebook.id },
    );
    expect(diff.notebookDiff.added).toEqual([]);
    expect(diff.notebookDiff.removed.map((c) => c.id)).toEqual([chart.id]);
    expect(diff.notebookDiff.changed.map((c) => [c.id, c.keys])).toEqual([[keep.id, ['source']]]);
    expect(diff.notebookDiff.to).toBeNull();

    const restored = await queryData<{ restoreNotebookVersion: { number: number; kind: string; label: string; cells: Array<{ id: string; spec: unknown }> } }>(
      server,
      `mutation($v: ID!) { restoreNotebookVersion(id: $v) { number kind label cells { id spec } } }`,
      { v: v1.snapshotNotebook.id },
    );
    expect(restored.restoreNotebookVersion).toMatchObject({ kind: 'RESTORE', label: 'restored version 1' });
    expect(restored.restoreNotebookVersion.cells).toEqual([
      { id: keep.id, spec: { source: 'Findings v1' } },
      { id: chart.id, spec: { keys: ['loss'] } },
    ]);
    // The open editor receives the restore as an ordinary change; nothing of the history is gone.
    await waitFor(() => readCells(editor.doc).length === 2 && readCells(editor.doc)[0]!.spec.source === 'Findings v1', 'the editor to see the restore');
    const after = await server.store.versions.list(nb.id);
    expect(after[0]!.number).toBe(restored.restoreNotebookVersion.number);
    expect(after.map((v) => v.number)).toEqual([...after.map((v) => v.number)].sort((a, b) => b - a));
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect((await server.store.cells.list(nb.id)).map((c) => c.id)).toEqual([keep.id, chart.id]);
  });
});
