import { MIGRATION_NAMES, MIGRATION_TABLE } from './migrations';
import { openStore } from './store';
import { describeEachStore } from './test-support/store-factories';

const TABLES = [
  'api_tokens',
  'artifacts',
  'cells',
  'checkpoints',
  'comment_threads',
  'comments',
  'datasets',
  'evaluations',
  'jobs',
  'login_links',
  'metric_latest',
  'metrics',
  'notebook_documents',
  'notebook_shares',
  'notebook_versions',
  'notebooks',
  'predictions',
  'protoscope_migration',
  'protoscope_migration_lock',
  'prototypes',
  'run_params',
  'run_tags',
  'runs',
  'saliency_maps',
  'sessions',
  'sweeps',
  'users',
];

describeEachStore('migrations', (factory) => {
  it('creates every table on first open; a second open applies nothing and keeps the data', async () => {
    const ts = await factory.open();
    try {
      expect(ts.store.appliedMigrations).toEqual(MIGRATION_NAMES);
      expect(MIGRATION_NAMES).toEqual(['0001-initial', '0002-datasets-notebooks', '0003-jobs-by-update', '0004-accounts', '0005-collab', '0006-dataset-locations', '0007-change-notifications', '0008-job-attempts', '0009-sweeps', '0010-saliency-kinds-pairs', '0011-prototype-nearest-patches', '0012-metric-latest']);
      const tables = (await ts.store.database.introspection.getTables())
        .filter((t) => ts.store.schema === undefined || t.schema === ts.store.schema)
        .map((t) => t.name)
        .sort();
      expect(tables).toEqual(TABLES);
      const run = await ts.store.runs.create({ method: 'global', config: { lr: 0.1 } });
      await ts.store.metrics.log(run.id, [{ key: 'loss', step: 0, value: 1 }]);
      await ts.store.close();

      for (let i = 0; i < 2; i++) {
        const again = await openStore(ts.url, { artifactsDir: ts.artifactsDir });
        try {
          expect(again.appliedMigrations).toEqual([]);
          expect((await again.runs.get(run.id)).config).toEqual({ lr: 0.1 });
          expect(await again.metrics.history(run.id, 'loss')).toHaveLength(1);
          const applied = await again.database
            .selectFrom(MIGRATION_TABLE as never)
            .select('name' as never)
            .execute();
          expect(applied).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
        } finally {
          await again.close();
        }
      }
    } finally {
      await ts.cleanup();
    }
  });

  it('migrates exactly once when several stores in one process open a new location together', async () => {
    const location = await factory.location();
    try {
      const stores = await Promise.all(
        [0, 1, 2].map(() => openStore(location.url, { artifactsDir: location.artifactsDir })),
      );
      try {
        expect(stores.flatMap((s) => s.appliedMigrations)).toEqual(MIGRATION_NAMES);
        const run = await stores[1]!.runs.create({ method: 'global' });
        expect((await stores[2]!.runs.get(run.id)).id).toBe(run.id);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      await location.remove();
    }
  });
});
