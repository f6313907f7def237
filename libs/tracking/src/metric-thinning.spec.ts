import { InvalidInputError } from './errors';
import { metricHistoryKey } from './metrics';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

/**
 * Each case is checked against buckets worked out by hand from the documented rule, not computed by
 * the code under test: a history longer than maxPoints M has its steps [lo, hi] cut into B = M − 1
 * buckets, bucket(step) = floor((step − lo) · B / (hi − lo + 1)); the first step and each bucket's
 * highest step are kept, with the value logged last at that step.
 */
describeEachStore('metric histories thinned in SQL', (factory) => {
  const current = useFreshStore(factory);

  it('keeps the first step and the highest step of each of maxPoints − 1 step buckets', async () => {
    const { store } = current();
    await store.runs.create({ id: 'thin', method: 'global' });
    await store.metrics.log('thin', [
      // ten: steps 0..9, value = step.
      ...Array.from({ length: 10 }, (_, step) => ({ key: 'ten', step, value: step })),
      // sparse: steps 0, 10, 20, …, 110 (12 points), value = step / 10.
      ...Array.from({ length: 12 }, (_, i) => ({ key: 'sparse', step: 10 * i, value: i })),
      // short: 3 points, never thinned by a budget of 4.
      ...[5, 6, 7].map((step) => ({ key: 'short', step, value: step })),
    ]);
    const pairs = ['ten', 'sparse', 'short'].map((key) => ({ runId: 'thin', key }));
    const four = await store.metrics.histories(pairs, { maxPoints: 4 });
    const steps = (histories: Map<string, Array<{ step: number }>>, key: string) => histories.get(metricHistoryKey('thin', key))!.map((p) => p.step);
    // ten, B = 3, span 10: steps 0-3 → 0 (3·3/10 = 0), 4-6 → 1 (4·3/10 = 1, 6·3/10 = 1), 7-9 → 2 (7·3/10 = 2).
    expect(steps(four, 'ten')).toEqual([0, 3, 6, 9]);
    // sparse, B = 3, lo 0, span 111: 0-30 → 0 (30·3/111 = 0), 40-70 → 1 (40·3/111 = 1, 70·3/111 = 1),
    // 80-110 → 2 (80·3/111 = 2).
    expect(steps(four, 'sparse')).toEqual([0, 30, 70, 110]);
    expect(four.get(metricHistoryKey('thin', 'sparse'))!.map((p) => p.value)).toEqual([0, 3, 7, 11]);
    expect(steps(four, 'short')).toEqual([5, 6, 7]);

    // ten with M = 6, B = 5: bucket(step) = floor(step / 2): highest steps 1, 3, 5, 7, 9, and the first step 0.
    expect(steps(await store.metrics.histories([pairs[0]!], { maxPoints: 6 }), 'ten')).toEqual([0, 1, 3, 5, 7, 9]);
    // M = 2, B = 1: the first and the last step.
    expect(steps(await store.metrics.histories([pairs[0]!], { maxPoints: 2 }), 'ten')).toEqual([0, 9]);
    // M = 1: the last step alone.
    expect(steps(await store.metrics.histories([pairs[0]!], { maxPoints: 1 }), 'ten')).toEqual([9]);
  });

  it('thins the same way whether a history is read whole (≤ 8 × maxPoints rows, PostgreSQL) or seek by seek', async () => {
    const { store } = current();
    await store.runs.create({ id: 'thirty', method: 'global' });
    await store.metrics.log('thirty', Array.from({ length: 30 }, (_, step) => ({ key: 'loss', step, value: step })));
    const pair = { runId: 'thirty', key: 'loss' };
    const steps = async (maxPoints: number) =>
      (await store.metrics.histories([pair], { maxPoints })).get(metricHistoryKey('thirty', 'loss'))!.map((p) => p.step);
    // 30 rows > 8 · 3, thinned by seeks. B = 2, span 30: bucket = floor(step / 15), highest steps 14, 29.
    expect(await steps(3)).toEqual([0, 14, 29]);
    // 30 rows ≤ 8 · 4 (PostgreSQL reads them whole). B = 3, span 30: bucket = floor(step / 10), highest steps 9, 19, 29.
    expect(await steps(4)).toEqual([0, 9, 19, 29]);
    // 30 rows ≤ 8 · 8, read whole on PostgreSQL. B = 7: bucket k holds the steps below 30 (k + 1) / 7 — 0-4, 5-8, 9-12,
    // 13-17, 18-21, 22-25, 26-29.
    expect(await steps(8)).toEqual([0, 4, 8, 12, 17, 21, 25, 29]);
  });

  it('keeps a bucket out when no step falls in it, and returns every field of the kept rows', async () => {
    const { store } = current();
    await store.runs.create({ id: 'gappy', method: 'global' });
    await store.runs.create({ id: 'other', method: 'global' });
    // Steps 0, 1, 2, 3, 100: B = 3 over span 101 → 0-3 in bucket 0 (3·3/101 = 0), buckets 1 (34-67) and
    // 2 (68-100) hold only step 100 in bucket 2.
    await store.metrics.log(
      'gappy',
      [0, 1, 2, 3, 100].map((step) => ({ key: 'loss', step, epoch: step, value: step / 100, wallTime: 1_000 + step })),
    );
    await store.metrics.log('other', [{ key: 'loss', step: 5, value: Number.NaN }]);
    const thinned = await store.metrics.histories(
      [
        { runId: 'gappy', key: 'loss' },
        { runId: 'other', key: 'loss' },
        { runId: 'missing', key: 'loss' },
      ],
      { maxPoints: 4 },
    );
    const gappy = thinned.get(metricHistoryKey('gappy', 'loss'))!;
    expect(gappy.map((p) => [p.key, p.step, p.epoch, p.value, p.wallTime.getTime()])).toEqual([
      ['loss', 0, 0, 0, 1_000],
      ['loss', 3, 3, 0.03, 1_003],
      ['loss', 100, 100, 1, 1_100],
    ]);
    expect(thinned.get(metricHistoryKey('other', 'loss'))!.map((p) => p.step)).toEqual([5]);
    expect(Number.isNaN(thinned.get(metricHistoryKey('other', 'loss'))![0]!.value)).toBe(true);
    expect(thinned.get(metricHistoryKey('missing', 'loss'))).toEqual([]);
  });

  it('keeps the value logged last at a step logged twice (a resumed run)', async () => {
    const { store } = current();
    await store.runs.create({ id: 'resumed', method: 'global' });
    await store.metrics.log(
      'resumed',
      [0, 1, 2, 3, 4, 5].map((step) => ({ key: 'loss', step, value: step })),
    );
    // Resumed from step 2: steps 2 to 5 logged again.
    await store.metrics.log(
      'resumed',
      [2, 3, 4, 5].map((step) => ({ key: 'loss', step, value: 10 + step })),
    );
    const pair = [{ runId: 'resumed', key: 'loss' }];
    const points = async (options: { maxPoints?: number; lastOfEachStep?: boolean }) =>
      (await store.metrics.histories(pair, options)).get(metricHistoryKey('resumed', 'loss'))!.map((p) => [p.step, p.value]);
    // Ten rows, M = 3, B = 2 over steps 0-5 (span 6): 0-2 → 0, 3-5 → 1; first step 0.
    expect(await points({ maxPoints: 3 })).toEqual([
      [0, 0],
      [2, 12],
      [5, 15],
    ]);
    // A budget above the ten rows: the history whole, both rows of a step logged twice …
    expect(await points({ maxPoints: 10 })).toHaveLength(10);
    // … unless only the last word of each step is asked for.
    expect(await points({ maxPoints: 10, lastOfEachStep: true })).toEqual([
      [0, 0],
      [1, 1],
      [2, 12],
      [3, 13],
      [4, 14],
      [5, 15],
    ]);
    expect(await points({ lastOfEachStep: true })).toHaveLength(6);
  });

  it('refuses a point budget that is not a whole number ≥ 1', async () => {
    const { store } = current();
    await store.runs.create({ id: 'thin', method: 'global' });
    for (const maxPoints of [0, -1, 1.5, Number.NaN]) {
      await expect(store.metrics.histories([{ runId: 'thin', key: 'm' }], { maxPoints })).rejects.toThrow(InvalidInputError);
    }
    await expect(store.metrics.histories([{ runId: 'thin', key: 'm' }], { maxPoints: 0 })).rejects.toThrow(/maxPoints must be a whole number ≥ 1, got 0/);
  });
});
