import { InvalidInputError, UnknownSaliencyMapError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('saliency maps by id', (factory) => {
  const current = useFreshStore(factory);

  it('reads one saliency map by its id, with every field as saved', async () => {
    const { store, clock } = current();
    clock.set(Date.UTC(2026, 2, 4, 5, 6, 7, 890));
    const run = await store.createRun({ id: 'run-s', method: 'protopnet' });
    const heat = await Promise.all(
      ['heat-1', 'heat-2'].map((text) => store.putArtifact(Buffer.from(text), { kind: 'heatmap', mediaType: 'application/octet-stream' })),
    );
    const ids = await store.saveSaliency(run.id, [
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

    expect(await store.getSaliencyMap(ids[0]!)).toEqual({
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
    });
    expect(await store.findSaliencyMap(ids[1]!)).toEqual({
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
    });
  });

  it('finds nothing for an unknown id, and refuses an id that is not a whole number', async () => {
    const { store } = current();
    const unknown = 987_654_321;
    expect(await store.findSaliencyMap(unknown)).toBeUndefined();
    const error = await store.getSaliencyMap(unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSaliencyMapError);
    expect((error as UnknownSaliencyMapError).saliencyMapId).toBe(unknown);
    expect((error as Error).message).toContain('no saliency map with id 987654321');
    await expect(store.findSaliencyMap(1.5)).rejects.toThrow(InvalidInputError);
    await expect(store.getSaliencyMap(Number.NaN)).rejects.toThrow(/whole number, got NaN/);
  });
});
