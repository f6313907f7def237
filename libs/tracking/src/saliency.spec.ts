import { InvalidInputError, UnknownSaliencyMapError } from './errors';
import { saliencyKindsPairsMigration } from './migrations/0010-saliency-kinds-pairs';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('saliency maps by id', (factory) => {
  const current = useFreshStore(factory);

  it('reads one saliency map by its id, with every field as saved', async () => {
    const { store, clock } = current();
    clock.set(Date.UTC(2026, 2, 4, 5, 6, 7, 890));
    const run = await store.runs.create({ id: 'run-s', method: 'protopnet' });
    const heat = await Promise.all(
      ['heat-1', 'heat-2'].map((text) => store.artifacts.put(Buffer.from(text), { kind: 'heatmap', mediaType: 'application/octet-stream' })),
    );
    const ids = await store.saliency.save(run.id, [
      {
        imageId: 'img-7',
        method: 'gradcam',
        target: 1,
        heatmap: heat[0]!,
        height: 7,
        width: 5,
        params: { layer: 'block4' },
        metrics: { pointingGame: 1, energyInBox: 0.625 },
      },
      { imageId: 'img-3', method: 'prototype-activation', step: 500, heatmap: heat[1]! },
    ]);

    expect(await store.saliency.get(ids[0]!)).toEqual({
      id: ids[0],
      runId: 'run-s',
      imageId: 'img-7',
      method: 'gradcam',
      target: 1,
      step: null,
      heatmap: heat[0],
      height: 7,
      width: 5,
      params: { layer: 'block4' },
      metrics: { pointingGame: 1, energyInBox: 0.625 },
      createdAt: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 890)),
      kind: 'saliency',
      view: null,
      pairedImageId: null,
      query: null,
    });
    expect(await store.saliency.find(ids[1]!)).toEqual({
      id: ids[1],
      runId: 'run-s',
      imageId: 'img-3',
      method: 'prototype-activation',
      target: null,
      step: 500,
      heatmap: heat[1],
      height: null,
      width: null,
      params: {},
      metrics: {},
      createdAt: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 890)),
      kind: 'saliency',
      view: null,
      pairedImageId: null,
      query: null,
    });
  });

  it('finds nothing for an unknown id, and refuses an id that is not a whole number', async () => {
    const { store } = current();
    const unknown = 987_654_321;
    expect(await store.saliency.find(unknown)).toBeUndefined();
    const error = await store.saliency.get(unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSaliencyMapError);
    expect((error as UnknownSaliencyMapError).saliencyMapId).toBe(unknown);
    expect((error as Error).message).toContain('no saliency map with id 987654321');
    await expect(store.saliency.find(1.5)).rejects.toThrow(InvalidInputError);
    await expect(store.saliency.get(Number.NaN)).rejects.toThrow(/whole number, got NaN/);
  });
});

describeEachStore('saliency maps of two-view models: kind and pair', (factory) => {
  const current = useFreshStore(factory);

  async function savePair() {
    const { store } = current();
    const run = await store.runs.create({ id: 'run-mv', method: 'multiview' });
    const heat = await store.artifacts.put(Buffer.from('heat'), { kind: 'heatmap', mediaType: 'application/octet-stream' });
    const ids = await store.saliency.save(run.id, [
      // Grad-CAM on the CC view, its MLO held fixed.
      { imageId: 'p1-cc', method: 'gradcam', target: 1, heatmap: heat, view: 'CC', pairedImageId: 'p1-mlo' },
      // Where the model looks in the MLO view: from the whole CC view, and from one point of it.
      { imageId: 'p1-mlo', method: 'cross-attention', kind: 'attention', heatmap: heat, view: 'MLO', pairedImageId: 'p1-cc' },
      { imageId: 'p1-mlo', method: 'cross-attention', kind: 'attention', heatmap: heat, view: 'MLO', pairedImageId: 'p1-cc', query: { x: 12.5, y: 30.25 } },
      { imageId: 'p1-cc', method: 'finding-maps:mass', kind: 'lesion', heatmap: heat },
    ]);
    return { store, ids };
  }

  it('keeps kind, view, paired image and query point as saved', async () => {
    const { store, ids } = await savePair();
    const [gradcam, whole, point, lesion] = await Promise.all(ids.map((id) => store.saliency.get(id)));
    expect([gradcam!.kind, gradcam!.view, gradcam!.pairedImageId, gradcam!.query]).toEqual(['saliency', 'CC', 'p1-mlo', null]);
    expect([whole!.kind, whole!.view, whole!.pairedImageId, whole!.query]).toEqual(['attention', 'MLO', 'p1-cc', null]);
    expect(point!.query).toEqual({ x: 12.5, y: 30.25 });
    expect([lesion!.kind, lesion!.view, lesion!.pairedImageId]).toEqual(['lesion', null, null]);
  });

  it('filters by kind and by paired image', async () => {
    const { store, ids } = await savePair();
    const idsOf = (maps: Array<{ id: number }>) => maps.map((m) => m.id).sort((a, b) => a - b);
    expect(idsOf(await store.saliency.list('run-mv', { kind: 'attention' }))).toEqual([ids[1], ids[2]]);
    expect(idsOf(await store.saliency.list('run-mv', { kind: ['saliency', 'lesion'] }))).toEqual([ids[0], ids[3]]);
    expect(idsOf(await store.saliency.list('run-mv', { pairedImageId: 'p1-cc' }))).toEqual([ids[1], ids[2]]);
    expect(idsOf(await store.saliency.list('run-mv', { pairedImageId: ['p1-mlo'], kind: 'saliency' }))).toEqual([ids[0]]);
    expect(await store.saliency.list('run-mv', { kind: [] })).toEqual([]);
    await expect(store.saliency.list('run-mv', { kind: 'heat' as never })).rejects.toThrow('unknown saliency map kind "heat" (use saliency, attention, lesion)');
  });

  it('refuses an unknown kind, an empty view and a negative query point when saving', async () => {
    const { store } = current();
    await store.runs.create({ id: 'run-x', method: 'multiview' });
    const heat = await store.artifacts.put(Buffer.from('h'), { kind: 'heatmap', mediaType: 'application/octet-stream' });
    await expect(store.saliency.save('run-x', [{ imageId: 'a', method: 'm', heatmap: heat, kind: 'glow' as never }])).rejects.toThrow(/saveSaliency: map 0.*kind/);
    await expect(store.saliency.save('run-x', [{ imageId: 'a', method: 'm', heatmap: heat, view: '' }])).rejects.toThrow(/saveSaliency: map 0.*view/);
    await expect(store.saliency.save('run-x', [{ imageId: 'a', method: 'm', heatmap: heat, query: { x: -1, y: 0 } }])).rejects.toThrow(/saveSaliency: map 0.*query/);
    expect(await store.saliency.list('run-x')).toEqual([]);
  });

  it('migration 0010 gives earlier rows a kind by method and moves params.pairedWith to the pair', async () => {
    const { store } = current();
    // The table as it was before 0010 (this migration's own down, so later migrations stay as they are).
    const migration = saliencyKindsPairsMigration(store.dialect);
    await migration.down!(store.database);
    await store.runs.create({ id: 'run-old', method: 'multiview' });
    const heat = await store.artifacts.put(Buffer.from('old'), { kind: 'heatmap', mediaType: 'application/octet-stream' });
    const old = (method: string, params: object) => ({
      run_id: 'run-old',
      image_id: 'i1',
      method,
      target: null,
      step: null,
      heatmap_artifact: heat,
      height: null,
      width: null,
      params: JSON.stringify(params),
      metrics: '{}',
      created_at: 1,
    });
    await store.database
      .insertInto('saliency_maps' as never)
      .values([old('gradcam', { pairedWith: 'i2' }), old('cross-attention', { pairedWith: 'i2' }), old('finding-maps:drusen', { finding: 'drusen' }), old('finding-maps', {}), old('ham', {})] as never)
      .execute();
    await migration.up(store.database);
    const rows = await store.saliency.list('run-old');
    expect(rows.map((r) => [r.method, r.kind, r.pairedImageId, r.view, r.query])).toEqual([
      ['cross-attention', 'attention', 'i2', null, null],
      ['finding-maps', 'lesion', null, null, null],
      ['finding-maps:drusen', 'lesion', null, null, null],
      ['gradcam', 'saliency', 'i2', null, null],
      ['ham', 'attention', null, null, null],
    ]);
  });
});
