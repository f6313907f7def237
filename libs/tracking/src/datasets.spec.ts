import * as path from 'node:path';
import { InvalidInputError, UnknownDatasetError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('datasets', (factory) => {
  const current = useFreshStore(factory);

  it('registers a dataset and reads every field back', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const origin = { kind: 'generator', generator: 'mammo-two-view', seed: 3, size: 64 };
    const registered = await store.datasets.register({
      id: 'mammo-two-view-seed3-n40-64px',
      name: 'mammo-two-view',
      path: 'relative/folder',
      origin,
      classes: ['benign', 'malignant'],
      imageCount: 40,
    });
    expect(registered).toEqual({
      id: 'mammo-two-view-seed3-n40-64px',
      name: 'mammo-two-view',
      location: path.relative(store.dataRoot, path.resolve('relative/folder')).split(path.sep).join('/'),
      path: path.resolve('relative/folder'),
      kind: 'generator',
      origin,
      classes: ['benign', 'malignant'],
      imageCount: 40,
      createdAt: new Date(1_700_000_000_000),
      updatedAt: new Date(1_700_000_000_000),
    });
    expect(await store.datasets.get(registered.id)).toEqual(registered);
  });

  it('upserts by id: a second registration updates the fields and keeps the creation time', async () => {
    const { store, clock } = current();
    clock.set(1_000);
    await store.datasets.register({ id: 'cxr', path: '/data/a', imageCount: 10, classes: ['normal', 'nodule'] });
    clock.set(2_000);
    const again = await store.datasets.register({ id: 'cxr', name: 'chest', path: '/data/b', imageCount: 12, kind: 'import' });
    expect(again).toMatchObject({ name: 'chest', path: '/data/b', imageCount: 12, kind: 'import', classes: [] });
    expect(again.createdAt).toEqual(new Date(1_000));
    expect(again.updatedAt).toEqual(new Date(2_000));
    expect((await store.datasets.list()).map((d) => d.id)).toEqual(['cxr']);
  });

  it('lists datasets by id and reports unknown ids and bad input', async () => {
    const { store } = current();
    for (const id of ['zeta', 'alpha', 'mid']) await store.datasets.register({ id, path: `/d/${id}`, imageCount: 1 });
    expect((await store.datasets.list()).map((d) => d.id)).toEqual(['alpha', 'mid', 'zeta']);
    await expect(store.datasets.get('nope')).rejects.toBeInstanceOf(UnknownDatasetError);
    expect(await store.datasets.find('nope')).toBeUndefined();
    await expect(store.datasets.register({ id: 'bad id', path: '/x', imageCount: 1 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.datasets.register({ id: 'neg', path: '/x', imageCount: -1 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
