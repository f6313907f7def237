import { sql } from 'kysely';
import { InvalidInputError, UnknownRunError } from './errors';
import { metricHistoryKey } from './metrics';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('metric history', (factory) => {
  const current = useFreshStore(factory);

  it('stores a batch and returns each key by step with all fields', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const t0 = new Date('2026-01-02T03:04:05.678Z');
    const stored = await store.metrics.log(run.id, [
      { key: 'train/loss', step: 2, epoch: 0, value: 0.5, wallTime: t0 },
      { key: 'train/loss', step: 1, epoch: 0, value: 0.75, wallTime: t0.getTime() - 1000 },
      { key: 'val/auc', step: 2, epoch: 0, value: 0.875 },
      { key: 'train/loss', step: 3, value: 0.25 },
    ]);
    expect(stored).toBe(4);
    const loss = await store.metrics.history(run.id, 'train/loss');
    expect(loss.map((p) => [p.step, p.epoch, p.value])).toEqual([
      [1, 0, 0.75],
      [2, 0, 0.5],
      [3, null, 0.25],
    ]);
    expect(loss[0]!.wallTime.getTime()).toBe(t0.getTime() - 1000);
    expect(loss[1]!.wallTime.getTime()).toBe(t0.getTime());
    expect(loss.every((p) => p.key === 'train/loss')).toBe(true);
    expect(await store.metrics.keys(run.id)).toEqual(['train/loss', 'val/auc']);
    expect(await store.metrics.history(run.id, 'nothing-logged')).toEqual([]);
  });

  it('is append-only: a step logged twice keeps both rows, in logging order', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await store.metrics.log(run.id, [
      { key: 'loss', step: 0, value: 3 },
      { key: 'loss', step: 1, value: 2 },
      { key: 'loss', step: 2, value: 1 },
    ]);
    // A resumed run re-logs steps 1 and 2 from its checkpoint.
    await store.metrics.log(run.id, [{ key: 'loss', step: 1, value: 2.5 }]);
    await store.metrics.log(run.id, [{ key: 'loss', step: 2, value: 1.5 }]);
    const history = await store.metrics.history(run.id, 'loss');
    expect(history.map((p) => [p.step, p.value])).toEqual([
      [0, 3],
      [1, 2],
      [1, 2.5],
      [2, 1],
      [2, 1.5],
    ]);
    const seqs = history.map((p) => p.seq);
    expect(seqs[2]!).toBeGreaterThan(seqs[1]!);
    expect((await store.metrics.latest(run.id))['loss']?.value).toBe(1.5);
    expect((await store.metrics.history(run.id, 'loss', { afterSeq: seqs[2] })).map((p) => p.value)).toEqual([1.5]);
  });

  it('refuses to rewrite a logged row, in the database itself', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await store.metrics.log(run.id, [{ key: 'loss', step: 0, value: 1 }]);
    // Compared by message: better-sqlite3's error class may come from another test file's realm
    // (Jest shares the native module), where `toThrow` would not recognise it as an Error.
    const refusal = await sql`update metrics set value = 0`.execute(store.database).then(
      () => undefined,
      (error: unknown) => error as { message?: string },
    );
    expect(refusal?.message).toMatch(/append-only/);
    expect((await store.metrics.history(run.id, 'loss'))[0]!.value).toBe(1);
  });

  it('gives the latest point of every key', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const other = await store.runs.create({ method: 'protopnet' });
    await store.metrics.log(run.id, [
      { key: 'val/auc', step: 10, epoch: 1, value: 0.9 },
      { key: 'val/auc', step: 20, epoch: 2, value: 0.95 },
      { key: 'val/auc', step: 5, epoch: 0, value: 0.7 },
      { key: 'train/loss', step: 3, value: 0.1 },
    ]);
    await store.metrics.log(other.id, [{ key: 'val/auc', step: 99, value: 0.5 }]);
    const latest = await store.metrics.latest(run.id);
    expect(Object.keys(latest)).toEqual(['train/loss', 'val/auc']);
    expect(latest['val/auc']).toMatchObject({ step: 20, epoch: 2, value: 0.95 });
    expect(latest['train/loss']).toMatchObject({ step: 3, value: 0.1 });
    expect(await store.metrics.latest((await store.runs.create({ method: 'x' })).id)).toEqual({});
  });

  it('keeps NaN and infinities (a diverging loss is worth recording)', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await store.metrics.log(run.id, [
      { key: 'loss', step: 0, value: Number.NaN },
      { key: 'loss', step: 1, value: Number.POSITIVE_INFINITY },
      { key: 'loss', step: 2, value: Number.NEGATIVE_INFINITY },
      { key: 'loss', step: 3, value: -0.1234567890123 },
      { key: 'loss', step: 4, value: 1e-300 },
    ]);
    const values = (await store.metrics.history(run.id, 'loss')).map((p) => p.value);
    expect(values[0]).toBeNaN();
    expect(values.slice(1)).toEqual([Infinity, -Infinity, -0.1234567890123, 1e-300]);
  });

  it('stores a large batch in one transaction', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const points = Array.from({ length: 3000 }, (_, i) => ({
      key: `k${i % 3}`,
      step: Math.floor(i / 3),
      epoch: Math.floor(i / 300),
      value: i / 3,
    }));
    expect(await store.metrics.log(run.id, points)).toBe(3000);
    const k1 = await store.metrics.history(run.id, 'k1');
    expect(k1).toHaveLength(1000);
    expect(k1.map((p) => p.step)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('stores all of a batch or none of it', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await expect(
      store.metrics.log(run.id, [
        { key: 'loss', step: 0, value: 1 },
        { key: 'loss', step: -1, value: 1 },
      ]),
    ).rejects.toThrow(/point 1 \(loss\): step must be a non-negative integer, got -1/);
    await expect(store.metrics.log(run.id, [{ key: '', step: 0, value: 1 }])).rejects.toThrow(InvalidInputError);
    await expect(store.metrics.log(run.id, [{ key: 'a', step: 0, value: '1' as unknown as number }])).rejects.toThrow(
      /value must be a number/,
    );
    await expect(store.metrics.log('missing-run', [{ key: 'loss', step: 0, value: 1 }])).rejects.toThrow(UnknownRunError);
    expect(await store.metrics.keys(run.id)).toEqual([]);
    await expect(store.metrics.history('missing-run', 'loss')).rejects.toThrow(UnknownRunError);
  });
});

describeEachStore('metric reads across runs', (factory) => {
  const current = useFreshStore(factory);

  /** Second `s` of 2026-01-01 UTC: wall times written out so expected points are exact. */
  const at = (s: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  /** An expected point; seq is checked separately (ids keep counting across emptied test stores). */
  const point = (key: string, step: number, epoch: number | null, value: number, second: number) => ({
    seq: expect.any(Number),
    key,
    step,
    epoch,
    value,
    wallTime: at(second),
  });

  /**
   * run-a logs, then run-b, then run-a again (a resume re-logging steps), then run-b again; run-c
   * logs nothing. Seconds of wall time give the logging order.
   */
  async function logTwoRuns() {
    const { store } = current();
    for (const id of ['run-a', 'run-b', 'run-c']) await store.runs.create({ id, method: 'protopnet' });
    await store.metrics.log('run-a', [
      { key: 'loss', step: 0, epoch: 0, value: 2, wallTime: at(0) },
      { key: 'loss', step: 1, epoch: 0, value: 1.5, wallTime: at(1) },
      { key: 'auc', step: 1, epoch: 0, value: Number.NaN, wallTime: at(2) },
      { key: 'loss', step: 1, epoch: 0, value: 1.25, wallTime: at(3) },
    ]);
    await store.metrics.log('run-b', [
      { key: 'loss', step: 5, value: 0.5, wallTime: at(7) },
      { key: 'acc', step: 2, value: Number.NaN, wallTime: at(8) },
    ]);
    await store.metrics.log('run-a', [
      { key: 'loss', step: 0, value: 9, wallTime: at(4) },
      { key: 'auc', step: 1, value: 0.75, wallTime: at(5) },
      { key: 'loss', step: 1, value: Number.NaN, wallTime: at(6) },
    ]);
    await store.metrics.log('run-b', [
      { key: 'acc', step: 3, value: 0.9, wallTime: at(9) },
      { key: 'acc', step: 2, value: 0.1, wallTime: at(10) },
    ]);
    return store;
  }

  it('gives the latest point per key of many runs: highest step, last logged, NaN kept', async () => {
    const store = await logTwoRuns();
    const latest = await store.metrics.latestOfRuns(['run-a', 'run-b', 'run-c', 'unknown']);
    expect(latest).toEqual(
      new Map([
        [
          'run-a',
          new Map([
            // Step 1 was logged three times; the NaN of the resume came last. The re-logged step 0 is lower.
            ['loss', point('loss', 1, null, Number.NaN, 6)],
            ['auc', point('auc', 1, null, 0.75, 5)],
          ]),
        ],
        [
          'run-b',
          new Map([
            ['loss', point('loss', 5, null, 0.5, 7)],
            // Step 2 re-logged after step 3: the highest step still wins.
            ['acc', point('acc', 3, null, 0.9, 9)],
          ]),
        ],
        ['run-c', new Map()],
        ['unknown', new Map()],
      ]),
    );
    // The NaN point is run-a's last logged row, so its seq is the run's last seq.
    expect(latest.get('run-a')!.get('loss')!.seq).toBe(await store.metrics.lastSeq('run-a'));
    expect(latest.get('run-b')!.get('acc')!.seq).toBeLessThan(await store.metrics.lastSeq('run-b'));
  });

  it('reads only the asked keys of the latest points', async () => {
    const store = await logTwoRuns();
    expect(await store.metrics.latestOfRuns(['run-a', 'run-b', 'run-c'], ['loss'])).toEqual(
      new Map([
        ['run-a', new Map([['loss', point('loss', 1, null, Number.NaN, 6)]])],
        ['run-b', new Map([['loss', point('loss', 5, null, 0.5, 7)]])],
        ['run-c', new Map()],
      ]),
    );
    expect(await store.metrics.latestOfRuns(['run-a', 'run-b'], ['acc', 'never-logged'])).toEqual(
      new Map([
        ['run-a', new Map()],
        ['run-b', new Map([['acc', point('acc', 3, null, 0.9, 9)]])],
      ]),
    );
    expect(await store.metrics.latestOfRuns(['run-a', 'run-b'], [])).toEqual(
      new Map([
        ['run-a', new Map()],
        ['run-b', new Map()],
      ]),
    );
    expect(await store.metrics.latestOfRuns([])).toEqual(new Map());
  });

  it('answers for runs beyond one query chunk (400 runs per IN list)', async () => {
    const { store } = current();
    const ids = Array.from({ length: 403 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    for (const id of ids) await store.runs.create({ id, method: 'protopnet' });
    // First and last run of the first chunk, first and last of the second; the rest log nothing.
    await store.metrics.log('r000', [{ key: 'loss', step: 1, value: 1, wallTime: at(1) }]);
    await store.metrics.log('r399', [{ key: 'loss', step: 2, value: 2, wallTime: at(2) }]);
    await store.metrics.log('r400', [{ key: 'loss', step: 3, value: 3, wallTime: at(3) }]);
    await store.metrics.log('r402', [
      { key: 'loss', step: 4, value: 4, wallTime: at(4) },
      { key: 'loss', step: 4, value: 5, wallTime: at(5) },
    ]);
    const latest = await store.metrics.latestOfRuns(ids, ['loss']);
    expect(latest.size).toBe(403);
    expect(latest.get('r000')).toEqual(new Map([['loss', point('loss', 1, null, 1, 1)]]));
    expect(latest.get('r399')).toEqual(new Map([['loss', point('loss', 2, null, 2, 2)]]));
    expect(latest.get('r400')).toEqual(new Map([['loss', point('loss', 3, null, 3, 3)]]));
    expect(latest.get('r402')).toEqual(new Map([['loss', point('loss', 4, null, 5, 5)]]));
    const withPoints = ids.filter((id) => latest.get(id)!.size > 0);
    expect(withPoints).toEqual(['r000', 'r399', 'r400', 'r402']);
    const keys = await store.metrics.keysOfRuns(ids);
    expect(keys.size).toBe(403);
    expect(ids.filter((id) => keys.get(id)!.length > 0)).toEqual(['r000', 'r399', 'r400', 'r402']);
    expect(['r000', 'r399', 'r400', 'r402'].map((id) => keys.get(id))).toEqual([['loss'], ['loss'], ['loss'], ['loss']]);
  }, 60_000); // 403 sequential run inserts: seconds on PostgreSQL when the machine is busy

  it('gives the distinct metric keys of many runs, every asked run present', async () => {
    const store = await logTwoRuns();
    const keys = await store.metrics.keysOfRuns(['run-b', 'run-a', 'run-c', 'unknown', 'run-a']);
    expect([...keys.keys()]).toEqual(['run-b', 'run-a', 'run-c', 'unknown']);
    // run-a logged loss and auc several times each; run-b logged loss once and acc three times.
    expect(keys.get('run-a')).toEqual(['auc', 'loss']);
    expect(keys.get('run-b')).toEqual(['acc', 'loss']);
    expect(keys.get('run-c')).toEqual([]);
    expect(keys.get('unknown')).toEqual([]);
    expect(await store.metrics.keysOfRuns([])).toEqual(new Map());
  });

  it('sorts metric keys by UTF-16 code units on both databases', async () => {
    const { store } = current();
    await store.runs.create({ id: 'run-u', method: 'protopnet' });
    // Logged out of order, two of them twice. By code unit: 'V' 0x56 < 't' 0x74 ('/' 0x2F < '_' 0x5F)
    // < 'v' 0x76 < '😀' (high surrogate 0xD83D) < 'Ａ' 0xFF21. By code point (UTF-8 bytes, what
    // SQLite and PostgreSQL's C collation compare), 'Ａ' U+FF21 would come before '😀' U+1F600.
    const logged = ['val/auc', 'Ａ', 'train_loss', '😀', 'Val/loss', 'train/loss', 'val/auc', '😀'];
    await store.metrics.log('run-u', logged.map((key, step) => ({ key, step, value: step, wallTime: at(step) })));
    expect((await store.metrics.keysOfRuns(['run-u'])).get('run-u')).toEqual(['Val/loss', 'train/loss', 'train_loss', 'val/auc', '😀', 'Ａ']);
  });

  it('gives the histories of many (run, key) pairs by step then logging order', async () => {
    const store = await logTwoRuns();
    const histories = await store.metrics.histories([
      { runId: 'run-a', key: 'loss' },
      { runId: 'run-a', key: 'auc' },
      { runId: 'run-b', key: 'acc' },
      { runId: 'run-b', key: 'loss' },
      { runId: 'run-c', key: 'loss' },
      { runId: 'run-a', key: 'never-logged' },
      { runId: 'unknown', key: 'loss' },
      { runId: 'run-a', key: 'loss' },
    ]);
    expect(histories).toEqual(
      new Map([
        [
          'run-a\u0000loss',
          [
            point('loss', 0, 0, 2, 0),
            point('loss', 0, null, 9, 4),
            point('loss', 1, 0, 1.5, 1),
            point('loss', 1, 0, 1.25, 3),
            point('loss', 1, null, Number.NaN, 6),
          ],
        ],
        ['run-a\u0000auc', [point('auc', 1, 0, Number.NaN, 2), point('auc', 1, null, 0.75, 5)]],
        ['run-b\u0000acc', [point('acc', 2, null, Number.NaN, 8), point('acc', 2, null, 0.1, 10), point('acc', 3, null, 0.9, 9)]],
        ['run-b\u0000loss', [point('loss', 5, null, 0.5, 7)]],
        ['run-c\u0000loss', []],
        ['run-a\u0000never-logged', []],
        ['unknown\u0000loss', []],
      ]),
    );
    expect(await store.metrics.histories([])).toEqual(new Map());
  });

  it('follows a run: its last seq, then every point logged after it in logging order', async () => {
    const { store } = current();
    for (const id of ['run-a', 'run-b']) await store.runs.create({ id, method: 'protopnet' });
    expect(await store.metrics.lastSeq('run-a')).toBe(0);
    expect(await store.metrics.lastSeq('unknown')).toBe(0);
    expect(await store.metrics.pointsAfter('run-a', 0)).toEqual([]);

    await store.metrics.log('run-a', [
      { key: 'loss', step: 3, value: 1, wallTime: at(0) },
      { key: 'auc', step: 1, value: Number.NaN, wallTime: at(1) },
    ]);
    const seen = await store.metrics.lastSeq('run-a');
    await store.metrics.log('run-b', [{ key: 'loss', step: 9, value: 7, wallTime: at(2) }]);
    // Lower steps after higher ones, another key in between: insertion order, not step order.
    await store.metrics.log('run-a', [
      { key: 'loss', step: 2, value: 0.5, wallTime: at(3) },
      { key: 'auc', step: 0, value: 0.25, wallTime: at(4) },
      { key: 'loss', step: 2, value: Number.NaN, wallTime: at(5) },
    ]);

    const all = await store.metrics.pointsAfter('run-a', 0);
    expect(all).toEqual([
      point('loss', 3, null, 1, 0),
      point('auc', 1, null, Number.NaN, 1),
      point('loss', 2, null, 0.5, 3),
      point('auc', 0, null, 0.25, 4),
      point('loss', 2, null, Number.NaN, 5),
    ]);
    const seqs = all.map((p) => p.seq);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(seen).toBe(seqs[1]);
    expect(await store.metrics.pointsAfter('run-a', seen)).toEqual([
      point('loss', 2, null, 0.5, 3),
      point('auc', 0, null, 0.25, 4),
      point('loss', 2, null, Number.NaN, 5),
    ]);
    expect(await store.metrics.lastSeq('run-a')).toBe(seqs[4]);
    expect(await store.metrics.pointsAfter('run-a', seqs[4]!)).toEqual([]);
    // run-b's row was logged between run-a's batches, so its seq lies between theirs.
    const runB = await store.metrics.lastSeq('run-b');
    expect(runB).toBeGreaterThan(seen);
    expect(runB).toBeLessThan(seqs[2]!);
  });
});

describe('metricHistoryKey', () => {
  it('joins run id and metric key with NUL, which no run id contains', () => {
    expect(metricHistoryKey('run-a', 'val/auc')).toBe('run-a\u0000val/auc');
    // With a "." separator these two pairs would share a key.
    expect(metricHistoryKey('run-a.b', 'c')).toBe('run-a.b\u0000c');
    expect(metricHistoryKey('run-a', 'b.c')).toBe('run-a\u0000b.c');
  });
});
