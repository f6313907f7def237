import { InvalidInputError } from './errors';
import { metricHistoryKey } from './metrics';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

/**
 * The grid each case is checked against is worked out by hand from the documented rule (every k-th
 * row from the first, k = ceil(n / maxPoints), and the last row, which takes the last grid place when
 * the grid is full), not computed by the code under test.
 */
describeEachStore('metric histories thinned in SQL', (factory) => {
  const current = useFreshStore(factory);

  /** A run whose key `m<n>` has n points at steps 0, 10, 20, … with value = step / 10 (the row's position). */
  async function runWithLengths(lengths: readonly number[]) {
    const { store } = current();
    await store.createRun({ id: 'thin', method: 'global' });
    await store.logMetrics(
      'thin',
      lengths.flatMap((n) => Array.from({ length: n }, (_, i) => ({ key: `m${n}`, step: 10 * i, value: i }))),
    );
    return store;
  }

  it('keeps every k-th row and the last, at most maxPoints per history', async () => {
    const store = await runWithLengths([10, 11, 12, 3]);
    const pairs = [10, 11, 12, 3].map((n) => ({ runId: 'thin', key: `m${n}` }));
    const thinned = await store.metricHistories(pairs, { maxPoints: 4 });
    const positions = (n: number) => thinned.get(metricHistoryKey('thin', `m${n}`))!.map((p) => p.value);
    // n = 10, k = 3: 0 3 6 9 — the last row is on the grid.
    expect(positions(10)).toEqual([0, 3, 6, 9]);
    // n = 11, k = 3: the grid 0 3 6 9 is full, so 9 gives its place to the last row, 10.
    expect(positions(11)).toEqual([0, 3, 6, 10]);
    // n = 12, k = 3: grid 0 3 6 9 full, last row 11 replaces 9.
    expect(positions(12)).toEqual([0, 3, 6, 11]);
    // n = 3 ≤ 4: everything.
    expect(positions(3)).toEqual([0, 1, 2]);
    expect(thinned.get(metricHistoryKey('thin', 'm12'))!.map((p) => p.step)).toEqual([0, 30, 60, 110]);

    const five = await store.metricHistories([{ runId: 'thin', key: 'm12' }], { maxPoints: 5 });
    // n = 12, k = ceil(12 / 5) = 3: grid 0 3 6 9 (4 < 5 places), then the last row 11.
    expect(five.get(metricHistoryKey('thin', 'm12'))!.map((p) => p.value)).toEqual([0, 3, 6, 9, 11]);
    const one = await store.metricHistories([{ runId: 'thin', key: 'm10' }], { maxPoints: 1 });
    // k = 10: the grid is row 0 alone and full, so the last row takes its place.
    expect(one.get(metricHistoryKey('thin', 'm10'))!.map((p) => p.value)).toEqual([9]);
  });

  it('thins each pair on its own, and returns every field of the kept rows', async () => {
    const store = await runWithLengths([10]);
    await store.createRun({ id: 'other', method: 'global' });
    await store.logMetrics('other', [
      { key: 'm10', step: 5, epoch: 1, value: Number.NaN, wallTime: 1_000 },
      { key: 'm10', step: 7, epoch: 2, value: 0.5, wallTime: 2_000 },
    ]);
    const thinned = await store.metricHistories(
      [
        { runId: 'thin', key: 'm10' },
        { runId: 'other', key: 'm10' },
        { runId: 'missing', key: 'm10' },
      ],
      { maxPoints: 2 },
    );
    // n = 10, k = 5: grid 0 5 full, the last row 9 replaces 5.
    expect(thinned.get(metricHistoryKey('thin', 'm10'))!.map((p) => p.value)).toEqual([0, 9]);
    const other = thinned.get(metricHistoryKey('other', 'm10'))!;
    expect(other.map((p) => [p.key, p.step, p.epoch, p.wallTime.getTime()])).toEqual([
      ['m10', 5, 1, 1_000],
      ['m10', 7, 2, 2_000],
    ]);
    expect(Number.isNaN(other[0]!.value)).toBe(true);
    expect(thinned.get(metricHistoryKey('missing', 'm10'))).toEqual([]);
  });

  it('keeps only the last row of a step logged twice when asked, before thinning', async () => {
    const { store } = current();
    await store.createRun({ id: 'resumed', method: 'global' });
    await store.logMetrics(
      'resumed',
      [0, 1, 2, 3, 4].map((step) => ({ key: 'loss', step, value: step })),
    );
    // Resumed from step 2: steps 2 to 4 logged again.
    await store.logMetrics(
      'resumed',
      [2, 3, 4].map((step) => ({ key: 'loss', step, value: 10 + step })),
    );
    const pair = [{ runId: 'resumed', key: 'loss' }];
    const all = (await store.metricHistories(pair, { lastOfEachStep: true })).get(metricHistoryKey('resumed', 'loss'))!;
    expect(all.map((p) => [p.step, p.value])).toEqual([
      [0, 0],
      [1, 1],
      [2, 12],
      [3, 13],
      [4, 14],
    ]);
    // Five distinct steps, maxPoints 2: k = 3, grid 0 3 full, the last (step 4) replaces step 3.
    const two = (await store.metricHistories(pair, { lastOfEachStep: true, maxPoints: 2 })).get(metricHistoryKey('resumed', 'loss'))!;
    expect(two.map((p) => [p.step, p.value])).toEqual([
      [0, 0],
      [4, 14],
    ]);
    // Without it, the eight rows: k = 3, grid rows 0 3 6 (row 3 is step 2's second value) is full, so row 6
    // (step 4's first value) gives its place to the last row.
    const raw = (await store.metricHistories(pair, { maxPoints: 3 })).get(metricHistoryKey('resumed', 'loss'))!;
    expect(raw.map((p) => [p.step, p.value])).toEqual([
      [0, 0],
      [2, 12],
      [4, 14],
    ]);
  });

  it('refuses a point budget that is not a whole number ≥ 1', async () => {
    const store = await runWithLengths([3]);
    for (const maxPoints of [0, -1, 1.5, Number.NaN]) {
      await expect(store.metricHistories([{ runId: 'thin', key: 'm3' }], { maxPoints })).rejects.toThrow(InvalidInputError);
    }
    await expect(store.metricHistories([{ runId: 'thin', key: 'm3' }], { maxPoints: 0 })).rejects.toThrow(/maxPoints must be a whole number ≥ 1, got 0/);
  });
});
