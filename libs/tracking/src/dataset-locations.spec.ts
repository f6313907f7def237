/**
 * Datasets by location under the data root: registration, refusal of absolute locations, and
 * migration 0006 turning the absolute paths of existing rows into locations.
 */
import { Migrator } from 'kysely';
import * as path from 'node:path';
import { InvalidInputError } from './errors';
import { MIGRATION_LOCK_TABLE, MIGRATION_NAMES, MIGRATION_TABLE, migrationProvider } from './migrations';
import { locationOfRecordedPath } from './migrations/0006-dataset-locations';
import { openStore } from './store';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describe('locations of recorded dataset paths', () => {
  it('keeps the part under the data root, or under the last "datasets" folder of another machine', () => {
    expect(locationOfRecordedPath('/srv/protoscope/datasets/mammo', '/srv/protoscope/datasets')).toBe('mammo');
    expect(locationOfRecordedPath('/srv/protoscope/datasets/team/cxr-v2', '/srv/protoscope/datasets')).toBe('team/cxr-v2');
    expect(locationOfRecordedPath('/home/ana/.protoscope/datasets/demo', '/mnt/shared/datasets')).toBe('demo');
    expect(locationOfRecordedPath('/data/datasets/old/datasets/x', '/other')).toBe('x');
    expect(locationOfRecordedPath('/data/scans/ham', '/data/protoscope/datasets')).toBe('../../scans/ham');
  });
});

describeEachStore('dataset locations', (factory) => {
  const current = useFreshStore(factory);

  it('records a folder relative to the data root and resolves it against the root of this machine', async () => {
    const { store } = current();
    const folder = path.join(store.dataRoot, 'group', 'mammo');
    const byPath = await store.datasets.register({ id: 'mammo', path: folder, imageCount: 3 });
    expect(byPath).toMatchObject({ location: 'group/mammo', path: folder });
    const byLocation = await store.datasets.register({ id: 'cxr', location: 'cxr/./v2', imageCount: 1 });
    expect(byLocation).toMatchObject({ location: 'cxr/v2', path: path.join(store.dataRoot, 'cxr', 'v2') });
    const stored = await store.database.selectFrom('datasets').select(['id', 'location']).orderBy('id').execute();
    expect(stored).toEqual([
      { id: 'cxr', location: 'cxr/v2' },
      { id: 'mammo', location: 'group/mammo' },
    ]);
  });

  it('refuses absolute locations, URLs, and a registration with both or neither of path and location', async () => {
    const { store } = current();
    await expect(store.datasets.register({ id: 'a', location: '/abs/olute', imageCount: 1 })).rejects.toThrow(
      /location of "a" "\/abs\/olute" must be relative to the data root/,
    );
    await expect(store.datasets.register({ id: 'b', location: 'C:\\data\\b', imageCount: 1 })).rejects.toThrow(InvalidInputError);
    await expect(store.datasets.register({ id: 'c', location: 'gs://bucket/c', imageCount: 1 })).rejects.toThrow(
      /a dataset location is a folder under the data root or s3:\/\/BUCKET\/PREFIX/,
    );
    await expect(store.datasets.register({ id: 'c', location: 's3://B/c', imageCount: 1 })).rejects.toThrow(/not a valid S3 bucket name/);
    await expect(store.datasets.register({ id: 'd', imageCount: 1 })).rejects.toThrow(/dataset "d" needs either a path or a location/);
    await expect(store.datasets.register({ id: 'e', path: '/x', location: 'x', imageCount: 1 })).rejects.toThrow(/exactly one/);
  });

  it('migration 0006 converts the absolute paths of existing rows into locations', async () => {
    const ts = await factory.open({ dataRoot: '/mnt/team/datasets' });
    try {
      // Back to the schema before 0006, with rows as an older version wrote them.
      const migrator = new Migrator({
        db: ts.store.database,
        provider: migrationProvider(ts.store.dialect, { dataRoot: ts.store.dataRoot }),
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
        ...(ts.store.schema ? { migrationTableSchema: ts.store.schema } : {}),
      });
      const down = await migrator.migrateTo('0005-collab');
      expect(down.error).toBeUndefined();
      const old = (row: { id: string; path: string }) => ({
        ...row,
        name: null,
        kind: null,
        origin: '{}',
        classes: '[]',
        image_count: 1,
        created_at: 1,
        updated_at: 1,
      });
      await ts.store.database
        .insertInto('datasets' as never)
        .values([
          old({ id: 'here', path: '/mnt/team/datasets/here' }),
          old({ id: 'laptop', path: '/home/ana/.protoscope/datasets/laptop' }),
          old({ id: 'scans', path: '/mnt/team/scans' }),
        ] as never)
        .execute();
      await ts.store.close();
      const migrated = await openStore(ts.url, { artifactsDir: ts.artifactsDir, dataRoot: '/mnt/team/datasets' });
      try {
        expect(migrated.appliedMigrations).toEqual(MIGRATION_NAMES.filter((name) => name >= '0006'));
        expect((await migrated.datasets.list()).map((d) => [d.id, d.location, d.path])).toEqual([
          ['here', 'here', '/mnt/team/datasets/here'],
          ['laptop', 'laptop', '/mnt/team/datasets/laptop'],
          ['scans', '../scans', '/mnt/team/scans'],
        ]);
      } finally {
        await migrated.close();
      }
      // The same store mounted on a machine whose data root is elsewhere.
      const elsewhere = await openStore(ts.url, { artifactsDir: ts.artifactsDir, dataRoot: '/srv/elsewhere/datasets' });
      try {
        expect((await elsewhere.datasets.list()).map((d) => d.path)).toEqual([
          '/srv/elsewhere/datasets/here',
          '/srv/elsewhere/datasets/laptop',
          '/srv/elsewhere/scans',
        ]);
      } finally {
        await elsewhere.close();
      }
    } finally {
      await ts.cleanup();
    }
  });
});
