import { InvalidInputError, UnknownRunError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('runs', (factory) => {
  const current = useFreshStore(factory);

  it('round-trips every field of a run', async () => {
    const { store } = current();
    const parent = await store.runs.create({ method: 'global', config: {} });
    const config = {
      backbone: 'resnet18',
      optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999], amsgrad: false },
      prototypes: { perClass: 10, shape: [128, 1, 1] },
      note: null,
      unicode: 'ménage – 乳腺',
      skipped: undefined,
    };
    const created = await store.runs.create({
      name: 'ppnet on mammo',
      method: 'protopnet',
      dataset: 'mammo-two-view',
      config,
      seed: 4294967295,
      backend: 'wasm',
      gitCommit: '260795d',
      tags: ['baseline', 'two-view', 'baseline'],
      parentRunId: parent.id,
    });
    const read = await store.runs.get(created.id);
    expect(read).toEqual(created);
    expect(read).toMatchObject({
      name: 'ppnet on mammo',
      method: 'protopnet',
      dataset: 'mammo-two-view',
      seed: 4294967295,
      backend: 'wasm',
      status: 'queued',
      error: null,
      gitCommit: '260795d',
      tags: ['baseline', 'two-view'],
      parentRunId: parent.id,
      resumeOfRunId: null,
      startedAt: null,
      finishedAt: null,
      heartbeatAt: null,
    });
    expect(read.config).toEqual(JSON.parse(JSON.stringify(config)));
    expect('skipped' in read.config).toBe(false);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.runs.find('no-such-run')).toBeUndefined();
  });

  it('flattens the config into params', async () => {
    const { store } = current();
    const run = await store.runs.create({
      method: 'protopnet',
      config: { lr: 0.001, optimizer: { name: 'adam', betas: [0.9, 0.999] }, warm: true, empty: {}, none: null },
    });
    expect(await store.runs.params(run.id)).toEqual({
      lr: 0.001,
      'optimizer.name': 'adam',
      'optimizer.betas': [0.9, 0.999],
      warm: true,
      none: null,
    });
  });

  it('filters runs by method, status, dataset, tags and params', async () => {
    const { store } = current();
    const make = async (method: string, lr: number, tags: string[], dataset = 'mammo') =>
      store.runs.create({ method, dataset, config: { optimizer: { lr, name: 'adam' }, pretrained: lr > 0.005 }, tags });
    const a = await make('global', 0.01, ['baseline']);
    const b = await make('protopnet', 0.001, ['baseline', 'sweep']);
    const c = await make('protopnet', 0.01, ['sweep'], 'cxr');
    await store.runs.updateStatus(c.id, 'running');

    const ids = async (filter: Parameters<typeof store.runs.list>[0]) =>
      (await store.runs.list(filter)).map((r) => r.id).sort();
    expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ method: 'protopnet' })).toEqual([b.id, c.id].sort());
    expect(await ids({ method: ['global', 'protopnet'], status: 'queued' })).toEqual([a.id, b.id].sort());
    expect(await ids({ status: ['running'] })).toEqual([c.id]);
    expect(await ids({ dataset: 'cxr' })).toEqual([c.id]);
    expect(await ids({ tags: ['sweep'] })).toEqual([b.id, c.id].sort());
    expect(await ids({ tags: ['sweep', 'baseline'] })).toEqual([b.id]);
    expect(await ids({ params: { 'optimizer.lr': 0.01 } })).toEqual([a.id, c.id].sort());
    expect(await ids({ params: { 'optimizer.lr': 0.01, 'optimizer.name': 'adam', pretrained: true } })).toEqual(
      [a.id, c.id].sort(),
    );
    expect(await ids({ params: { 'optimizer.lr': '0.01' } })).toEqual([]);
    expect(await ids({ params: { 'optimizer.name': 'sgd' } })).toEqual([]);
    expect(await ids({ method: 'protopnet', tags: ['baseline'], params: { 'optimizer.lr': 0.001 } })).toEqual([b.id]);
    expect(await ids({ ids: [a.id, c.id], method: 'global' })).toEqual([a.id]);
    expect(await ids({ method: [] })).toEqual([]);
    expect(await ids({ parentRunId: a.id })).toEqual([]);
    await expect(store.runs.list({ status: 'sleeping' as never })).rejects.toThrow(InvalidInputError);
  });

  it('orders runs newest first and pages through them', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      made.push((await store.runs.create({ method: 'global', name: `run ${i}` })).id);
    }
    expect((await store.runs.list()).map((r) => r.id)).toEqual([...made].reverse());
    expect((await store.runs.list({ order: 'oldest', limit: 2 })).map((r) => r.id)).toEqual(made.slice(0, 2));
    expect((await store.runs.list({ order: 'oldest', limit: 2, offset: 2 })).map((r) => r.id)).toEqual(made.slice(2, 4));
    expect((await store.runs.list({ order: 'oldest', offset: 4 })).map((r) => r.id)).toEqual(made.slice(4));
  });

  it('records status changes with their timings, and heartbeats', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const run = await store.runs.create({ method: 'protopnet' });
    expect(run.createdAt.getTime()).toBe(clock.now());

    clock.advance(1000);
    const running = await store.runs.updateStatus(run.id, 'running');
    expect(running.status).toBe('running');
    expect(running.startedAt?.getTime()).toBe(clock.now());
    expect(running.finishedAt).toBeNull();

    clock.advance(500);
    await store.runs.heartbeat(run.id);
    expect((await store.runs.get(run.id)).heartbeatAt?.getTime()).toBe(clock.now());

    clock.advance(1000);
    const failed = await store.runs.updateStatus(run.id, 'failed', { error: 'loss became NaN at step 12' });
    expect(failed).toMatchObject({ status: 'failed', error: 'loss became NaN at step 12' });
    expect(failed.finishedAt?.getTime()).toBe(clock.now());

    // Resuming keeps the first start time and clears the end and the error.
    clock.advance(1000);
    const resumed = await store.runs.updateStatus(run.id, 'running');
    expect(resumed.startedAt?.getTime()).toBe(1_700_000_001_000);
    expect(resumed).toMatchObject({ finishedAt: null, error: null });

    clock.advance(1000);
    const finished = await store.runs.updateStatus(run.id, 'finished');
    expect(finished.finishedAt?.getTime()).toBe(clock.now());

    const started = await store.runs.create({ method: 'global', status: 'running' });
    expect(started.startedAt?.getTime()).toBe(clock.now());
  });

  it('updates descriptive fields and tags', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'global', tags: ['a'] });
    const updated = await store.runs.update(run.id, { backend: 'tensorflow', name: 'renamed', gitCommit: null });
    expect(updated).toMatchObject({ backend: 'tensorflow', name: 'renamed', gitCommit: null, method: 'global' });
    expect((await store.runs.addTags(run.id, ['b', 'a', 'c'])).tags).toEqual(['a', 'b', 'c']);
    expect((await store.runs.removeTags(run.id, ['a', 'zzz'])).tags).toEqual(['b', 'c']);
  });

  it('links a resumed run to the run it resumes', async () => {
    const { store } = current();
    const first = await store.runs.create({ method: 'protopnet', seed: 1 });
    const second = await store.runs.create({ method: 'protopnet', seed: 1, resumeOfRunId: first.id });
    expect((await store.runs.get(second.id)).resumeOfRunId).toBe(first.id);
  });

  it('names the unknown run id in its error', async () => {
    const { store } = current();
    await expect(store.runs.get('nope-123')).rejects.toThrow(UnknownRunError);
    await expect(store.runs.get('nope-123')).rejects.toThrow(/no run with id "nope-123" in store/);
    await expect(store.runs.updateStatus('nope-123', 'running')).rejects.toThrow(UnknownRunError);
    await expect(store.runs.heartbeat('nope-123')).rejects.toThrow(UnknownRunError);
    await expect(store.runs.update('nope-123', { name: 'x' })).rejects.toThrow(UnknownRunError);
    await expect(store.runs.params('nope-123')).rejects.toThrow(UnknownRunError);
    await expect(store.runs.create({ method: 'global', parentRunId: 'nope-123' })).rejects.toThrow(UnknownRunError);
    expect(await store.runs.list()).toEqual([]);
  });

  it('rejects input it cannot store faithfully, saying which field', async () => {
    const { store } = current();
    await expect(store.runs.create({ method: '' })).rejects.toThrow(/createRun: method/);
    await expect(store.runs.create({ method: 'global', seed: -1 })).rejects.toThrow(/createRun: seed/);
    await expect(store.runs.create({ method: 'global', config: { lr: Number.NaN } })).rejects.toThrow(
      /config\.lr is NaN/,
    );
    await expect(store.runs.create({ method: 'global', config: { when: new Date() } })).rejects.toThrow(
      /config\.when is a Date/,
    );
    const run = await store.runs.create({ method: 'global', id: 'fixed-id' });
    await expect(store.runs.create({ method: 'global', id: 'fixed-id' })).rejects.toThrow(/already exists/);
    expect(run.id).toBe('fixed-id');
    expect((await store.runs.list()).length).toBe(1);
  });
});
