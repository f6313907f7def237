import { sql } from 'kysely';
import { InvalidInputError, UnknownRunError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('metric history', (factory) => {
  const current = useFreshStore(factory);

  it('stores a batch and returns each key by step with all fields', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    const t0 = new Date('2026-01-02T03:04:05.678Z');
    const stored = await store.logMetrics(run.id, [
      { key: 'train/loss', step: 2, epoch: 0, value: 0.5, wallTime: t0 },
      { key: 'train/loss', step: 1, epoch: 0, value: 0.75, wallTime: t0.getTime() - 1000 },
      { key: 'val/auc', step: 2, epoch: 0, value: 0.875 },
      { key: 'train/loss', step: 3, value: 0.25 },
    ]);
    expect(stored).toBe(4);
    const loss = await store.metricHistory(run.id, 'train/loss');
    expect(loss.map((p) => [p.step, p.epoch, p.value])).toEqual([
      [1, 0, 0.75],
      [2, 0, 0.5],
      [3, null, 0.25],
    ]);
    expect(loss[0]!.wallTime.getTime()).toBe(t0.getTime() - 1000);
    expect(loss[1]!.wallTime.getTime()).toBe(t0.getTime());
    expect(loss.every((p) => p.key === 'train/loss')).toBe(true);
    expect(await store.metricKeys(run.id)).toEqual(['train/loss', 'val/auc']);
    expect(await store.metricHistory(run.id, 'nothing-logged')).toEqual([]);
  });

  it('is append-only: a step logged twice keeps both rows, in logging order', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    await store.logMetrics(run.id, [
      { key: 'loss', step: 0, value: 3 },
      { key: 'loss', step: 1, value: 2 },
      { key: 'loss', step: 2, value: 1 },
    ]);
    // A resumed run re-logs steps 1 and 2 from its checkpoint.
    await store.logMetrics(run.id, [{ key: 'loss', step: 1, value: 2.5 }]);
    await store.logMetrics(run.id, [{ key: 'loss', step: 2, value: 1.5 }]);
    const history = await store.metricHistory(run.id, 'loss');
    expect(history.map((p) => [p.step, p.value])).toEqual([
      [0, 3],
      [1, 2],
      [1, 2.5],
      [2, 1],
      [2, 1.5],
    ]);
    const seqs = history.map((p) => p.seq);
    expect(seqs[2]!).toBeGreaterThan(seqs[1]!);
    expect((await store.latestMetrics(run.id))['loss']?.value).toBe(1.5);
    expect((await store.metricHistory(run.id, 'loss', { afterSeq: seqs[2] })).map((p) => p.value)).toEqual([1.5]);
  });

  it('refuses to rewrite a logged row, in the database itself', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    await store.logMetrics(run.id, [{ key: 'loss', step: 0, value: 1 }]);
    // Compared by message: better-sqlite3's error class may come from another test file's realm
    // (Jest shares the native module), where `toThrow` would not recognise it as an Error.
    const refusal = await sql`update metrics set value = 0`.execute(store.database).then(
      () => undefined,
      (error: unknown) => error as { message?: string },
    );
    expect(refusal?.message).toMatch(/append-only/);
    expect((await store.metricHistory(run.id, 'loss'))[0]!.value).toBe(1);
  });

  it('gives the latest point of every key', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    const other = await store.createRun({ method: 'protopnet' });
    await store.logMetrics(run.id, [
      { key: 'val/auc', step: 10, epoch: 1, value: 0.9 },
      { key: 'val/auc', step: 20, epoch: 2, value: 0.95 },
      { key: 'val/auc', step: 5, epoch: 0, value: 0.7 },
      { key: 'train/loss', step: 3, value: 0.1 },
    ]);
    await store.logMetrics(other.id, [{ key: 'val/auc', step: 99, value: 0.5 }]);
    const latest = await store.latestMetrics(run.id);
    expect(Object.keys(latest)).toEqual(['train/loss', 'val/auc']);
    expect(latest['val/auc']).toMatchObject({ step: 20, epoch: 2, value: 0.95 });
    expect(latest['train/loss']).toMatchObject({ step: 3, value: 0.1 });
    expect(await store.latestMetrics((await store.createRun({ method: 'x' })).id)).toEqual({});
  });

  it('keeps NaN and infinities (a diverging loss is worth recording)', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    await store.logMetrics(run.id, [
      { key: 'loss', step: 0, value: Number.NaN },
      { key: 'loss', step: 1, value: Number.POSITIVE_INFINITY },
      { key: 'loss', step: 2, value: Number.NEGATIVE_INFINITY },
      { key: 'loss', step: 3, value: -0.1234567890123 },
      { key: 'loss', step: 4, value: 1e-300 },
    ]);
    const values = (await store.metricHistory(run.id, 'loss')).map((p) => p.value);
    expect(values[0]).toBeNaN();
    expect(values.slice(1)).toEqual([Infinity, -Infinity, -0.1234567890123, 1e-300]);
  });

  it('stores a large batch in one transaction', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    const points = Array.from({ length: 3000 }, (_, i) => ({
      key: `k${i % 3}`,
      step: Math.floor(i / 3),
      epoch: Math.floor(i / 300),
      value: i / 3,
    }));
    expect(await store.logMetrics(run.id, points)).toBe(3000);
    const k1 = await store.metricHistory(run.id, 'k1');
    expect(k1).toHaveLength(1000);
    expect(k1.map((p) => p.step)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('stores all of a batch or none of it', async () => {
    const { store } = current();
    const run = await store.createRun({ method: 'protopnet' });
    await expect(
      store.logMetrics(run.id, [
        { key: 'loss', step: 0, value: 1 },
        { key: 'loss', step: -1, value: 1 },
      ]),
    ).rejects.toThrow(/point 1 \(loss\): step must be a non-negative integer, got -1/);
    await expect(store.logMetrics(run.id, [{ key: '', step: 0, value: 1 }])).rejects.toThrow(InvalidInputError);
    await expect(store.logMetrics(run.id, [{ key: 'a', step: 0, value: '1' as unknown as number }])).rejects.toThrow(
      /value must be a number/,
    );
    await expect(store.logMetrics('missing-run', [{ key: 'loss', step: 0, value: 1 }])).rejects.toThrow(UnknownRunError);
    expect(await store.metricKeys(run.id)).toEqual([]);
    await expect(store.metricHistory('missing-run', 'loss')).rejects.toThrow(UnknownRunError);
  });
});
