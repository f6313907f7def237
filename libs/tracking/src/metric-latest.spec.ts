import { Migrator } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations';
import { openStore } from './store';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

/** The latest-point table (migration 0012): kept by a trigger, rebuilt from history when migrated. */
describeEachStore('metric_latest', (factory) => {
  const current = useFreshStore(factory);

  const rows = async (db: ReturnType<typeof current>['store']['database']) =>
    (await db.selectFrom('metric_latest').select(['run_id', 'key', 'step', 'value']).orderBy('run_id').orderBy('key').execute()).map((r) => [
      r.run_id,
      r.key,
      Number(r.step),
      r.value,
    ]);

  it('follows every insert: the highest step wins, the last logged among equal steps, an earlier step never', async () => {
    const { store } = current();
    await store.runs.create({ id: 'a', method: 'global' });
    await store.runs.create({ id: 'b', method: 'global' });
    await store.metrics.log('a', [
      { key: 'loss', step: 2, value: 0.5 },
      { key: 'loss', step: 1, value: 0.9 },
      { key: 'auc', step: 0, value: 0.6 },
    ]);
    await store.metrics.log('b', [{ key: 'loss', step: 7, value: 3 }]);
    expect(await rows(store.database)).toEqual([
      ['a', 'auc', 0, 0.6],
      ['a', 'loss', 2, 0.5],
      ['b', 'loss', 7, 3],
    ]);
    // A later batch: step 1 is older than the latest (kept), step 2 again is the last word on step 2.
    await store.metrics.log('a', [{ key: 'loss', step: 1, value: 0.1 }]);
    await store.metrics.log('a', [
      { key: 'loss', step: 2, value: 0.25 },
      { key: 'auc', step: 3, value: 0.7 },
      { key: 'auc', step: 3, value: 0.75 },
    ]);
    expect(await rows(store.database)).toEqual([
      ['a', 'auc', 3, 0.75],
      ['a', 'loss', 2, 0.25],
      ['b', 'loss', 7, 3],
    ]);
    // A run's rows go with it.
    await store.database.deleteFrom('metrics').where('run_id', '=', 'b').execute();
    await store.database.deleteFrom('runs').where('id', '=', 'b').execute();
    expect((await rows(store.database)).map((r) => r[0])).toEqual(['a', 'a']);
  });

  it('is rebuilt from the histories when a store older than 0012 is opened, and 0012 can be undone', async () => {
    const ts = await factory.open();
    try {
      const migrator = new Migrator({
        db: ts.store.database,
        provider: migrationProvider(ts.store.dialect, { dataRoot: ts.store.dataRoot }),
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
        ...(ts.store.schema ? { migrationTableSchema: ts.store.schema } : {}),
      });
      expect((await migrator.migrateTo('0011-prototype-nearest-patches')).error).toBeUndefined();
      const tables = (await ts.store.database.introspection.getTables()).filter((t) => ts.store.schema === undefined || t.schema === ts.store.schema);
      expect(tables.map((t) => t.name)).not.toContain('metric_latest');
      // Written by a version without the table (and its trigger).
      await ts.store.runs.create({ id: 'old', method: 'global' });
      await ts.store.metrics.log('old', [
        { key: 'loss', step: 4, value: 0.4 },
        { key: 'loss', step: 9, value: 0.2 },
        { key: 'loss', step: 9, value: 0.3 },
        { key: 'loss', step: 5, value: 0.1 },
        { key: 'acc', step: 1, value: Number.NaN },
      ]);
      await ts.store.close();
      const migrated = await openStore(ts.url, { artifactsDir: ts.artifactsDir });
      try {
        expect(migrated.appliedMigrations).toContain('0012-metric-latest');
        expect(await rows(migrated.database)).toEqual([
          ['old', 'acc', 1, null],
          ['old', 'loss', 9, 0.3],
        ]);
        expect(await migrated.metrics.keys('old')).toEqual(['acc', 'loss']);
      } finally {
        await migrated.close();
      }
    } finally {
      await ts.cleanup();
    }
  });
});
