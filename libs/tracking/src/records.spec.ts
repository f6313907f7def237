import { createHash } from 'node:crypto';
import { InvalidInputError, UnknownArtifactError, UnknownRunError } from './errors';
import type { PrototypeInput } from './prototypes';
import type { Store } from './store';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

const put = (store: Store, text: string, kind = 'checkpoint') =>
  store.artifacts.put(Buffer.from(text), { kind, mediaType: 'application/octet-stream' });

describeEachStore('checkpoints', (factory) => {
  const current = useFreshStore(factory);

  it('round-trips checkpoints and finds the latest and the best', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    expect(await store.checkpoints.latest(run.id)).toBeNull();
    expect(await store.checkpoints.best(run.id)).toBeNull();
    const weights = await Promise.all(['w100', 'w200', 'w300', 'w300-push'].map((w) => put(store, w)));
    const c100 = await store.checkpoints.save(run.id, {
      step: 100,
      epoch: 1,
      artifact: weights[0]!,
      isBest: true,
      metricKey: 'val/auc',
      metricValue: 0.81,
      stage: 'warmup',
    });
    expect(c100).toMatchObject({
      runId: run.id,
      step: 100,
      epoch: 1,
      artifact: weights[0],
      isBest: true,
      metricKey: 'val/auc',
      metricValue: 0.81,
      stage: 'warmup',
    });
    expect(c100.createdAt).toBeInstanceOf(Date);
    await store.checkpoints.save(run.id, { step: 200, artifact: weights[1]!, isBest: false, metricValue: 0.79 });
    const c300 = await store.checkpoints.save(run.id, { step: 300, epoch: 3, artifact: weights[2]!, isBest: true, metricValue: 0.9 });
    const push = await store.checkpoints.save(run.id, { step: 300, epoch: 3, artifact: weights[3]!, stage: 'push' });

    expect(await store.checkpoints.latest(run.id)).toEqual(push);
    expect(await store.checkpoints.best(run.id)).toEqual(c300);
    expect((await store.checkpoints.list(run.id)).map((c) => [c.step, c.isBest, c.epoch])).toEqual([
      [100, true, 1],
      [200, false, null],
      [300, true, 3],
      [300, false, 3],
    ]);
  });

  it('refuses a checkpoint whose artifact was never stored, or for an unknown run', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const ghost = createHash('sha256').update('ghost').digest('hex');
    await expect(store.checkpoints.save(run.id, { step: 1, artifact: ghost })).rejects.toThrow(UnknownArtifactError);
    await expect(store.checkpoints.save(run.id, { step: 1, artifact: ghost })).rejects.toThrow(/referenced by checkpoint at step 1/);
    await expect(store.checkpoints.save('nope', { step: 1, artifact: await put(store, 'w') })).rejects.toThrow(UnknownRunError);
    await expect(store.checkpoints.save(run.id, { step: 1.5, artifact: await put(store, 'w') })).rejects.toThrow(
      /saveCheckpoint: step/,
    );
    expect(await store.checkpoints.list(run.id)).toEqual([]);
  });

  it('stores the points of the epoch a checkpoint closes with it, or neither', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'global' });
    const closing = [
      { key: 'val/auc', value: 0.75, step: 12, epoch: 0 },
      { key: 'train/loss', value: 0.5, step: 12, epoch: 0 },
    ];
    // Refused (its artifact was never stored): the epoch's points are not stored either, so a resume
    // from the checkpoint before logs that epoch once.
    const ghost = createHash('sha256').update('never stored').digest('hex');
    await expect(store.checkpoints.save(run.id, { step: 12, epoch: 1, artifact: ghost }, closing)).rejects.toThrow(UnknownArtifactError);
    expect(await store.metrics.keys(run.id)).toEqual([]);
    // A bad point refuses the checkpoint too, naming the point.
    await expect(store.checkpoints.save(run.id, { step: 12, epoch: 1, artifact: await put(store, 'w12') }, [{ key: '', value: 1, step: 12 }])).rejects.toThrow(
      /saveCheckpoint \(closing metrics\): point 0: key must be a non-empty string/,
    );
    expect(await store.checkpoints.list(run.id)).toEqual([]);

    const saved = await store.checkpoints.save(run.id, { step: 12, epoch: 1, artifact: await put(store, 'w12') }, closing);
    expect(await store.checkpoints.latest(run.id)).toEqual(saved);
    expect((await store.metrics.history(run.id, 'val/auc')).map((p) => [p.step, p.epoch, p.value])).toEqual([[12, 0, 0.75]]);
    expect((await store.metrics.latest(run.id))['train/loss']).toMatchObject({ step: 12, value: 0.5 });
  });
});

describeEachStore('prototypes', (factory) => {
  const current = useFreshStore(factory);

  const protoInputs = async (store: Store, tag: string): Promise<PrototypeInput[]> => [
    {
      index: 0,
      classIndex: 1,
      vector: new Float32Array([0.1, -2.5, 3.25e-8]),
      sourceImageId: 'mammo-0042-cc',
      sourceSplit: 'train',
      latent: { h: 3, w: 5 },
      receptiveField: { y0: 48, y1: 112, x0: 80, x1: 144 },
      highActivation: { y0: 60, y1: 101, x0: 90, x1: 130 },
      patchArtifact: await put(store, `patch-0-${tag}`, 'prototype-patch'),
      activationMapArtifact: await put(store, `act-0-${tag}`, 'activation-map'),
      distance: 0.0123,
      nearestPatches: [
        { imageId: 'mammo-0042-cc', classIndex: 1, box: { y0: 48, y1: 112, x0: 80, x1: 144 }, distance: 0 },
        { imageId: 'mammo-0100-mlo', classIndex: 0, box: null, distance: 1.5 },
      ],
    },
    {
      index: 1,
      classIndex: 0,
      vectorArtifact: await put(store, `vector-1-${tag}`, 'prototype-vector'),
      sourceImageId: 'mammo-0007-mlo',
      latent: { h: 0, w: 0 },
      receptiveField: { y0: 0, y1: 32, x0: 0, x1: 32 },
      highActivation: null,
    },
  ];

  it('round-trips a push with its provenance', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const inputs = await protoInputs(store, 'a');
    expect(await store.prototypes.save(run.id, 500, inputs, { epoch: 10 })).toBe(2);
    const saved = await store.prototypes.list(run.id);
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatchObject({
      runId: run.id,
      pushStep: 500,
      pushEpoch: 10,
      index: 0,
      classIndex: 1,
      vector: Array.from(new Float32Array([0.1, -2.5, 3.25e-8])),
      vectorArtifact: null,
      sourceImageId: 'mammo-0042-cc',
      sourceSplit: 'train',
      latent: { h: 3, w: 5 },
      receptiveField: { y0: 48, y1: 112, x0: 80, x1: 144 },
      highActivation: { y0: 60, y1: 101, x0: 90, x1: 130 },
      patchArtifact: inputs[0]!.patchArtifact,
      activationMapArtifact: inputs[0]!.activationMapArtifact,
      distance: 0.0123,
      nearestPatches: [
        { imageId: 'mammo-0042-cc', classIndex: 1, box: { y0: 48, y1: 112, x0: 80, x1: 144 }, distance: 0 },
        { imageId: 'mammo-0100-mlo', classIndex: 0, box: null, distance: 1.5 },
      ],
    });
    expect(saved[1]).toMatchObject({
      index: 1,
      vector: null,
      vectorArtifact: inputs[1]!.vectorArtifact,
      sourceSplit: null,
      highActivation: null,
      patchArtifact: null,
      distance: null,
      nearestPatches: [],
    });
    expect((await store.artifacts.get(saved[1]!.vectorArtifact!)).toString()).toBe('vector-1-a');
  });

  it('keeps each push, returns the latest by default, and replaces a push saved again', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await store.prototypes.save(run.id, 100, await protoInputs(store, 'a'), { epoch: 1 });
    await store.prototypes.save(run.id, 300, (await protoInputs(store, 'b')).slice(0, 1), { epoch: 3 });
    await store.prototypes.save(run.id, 200, await protoInputs(store, 'c'));
    expect(await store.prototypes.pushes(run.id)).toEqual([
      { step: 100, epoch: 1, count: 2 },
      { step: 200, epoch: null, count: 2 },
      { step: 300, epoch: 3, count: 1 },
    ]);
    expect((await store.prototypes.list(run.id)).map((p) => [p.pushStep, p.index])).toEqual([[300, 0]]);
    expect((await store.prototypes.list(run.id, { step: 100 })).map((p) => p.index)).toEqual([0, 1]);
    // A resumed run pushes again at step 100: the push is replaced, not doubled.
    await store.prototypes.save(run.id, 100, [{ index: 7, vector: [1, 2] }], { epoch: 1 });
    expect((await store.prototypes.list(run.id, { step: 100 })).map((p) => [p.index, p.vector])).toEqual([[7, [1, 2]]]);
    expect(await store.prototypes.list(run.id, { step: 999 })).toEqual([]);
    expect(await store.prototypes.list((await store.runs.create({ method: 'x' })).id)).toEqual([]);
  });

  it('rejects a push it cannot store faithfully, and stores nothing of it', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    await expect(store.prototypes.save(run.id, 1, [{ index: 0 }])).rejects.toThrow(/neither a vector nor a vectorArtifact/);
    await expect(
      store.prototypes.save(run.id, 1, [
        { index: 0, vector: [1] },
        { index: 0, vector: [2] },
      ]),
    ).rejects.toThrow(/index 0 appears twice/);
    await expect(store.prototypes.save(run.id, 1, [{ index: 0, vector: [1], nearestPatches: [{ imageId: '', classIndex: 0, box: null, distance: 1 }] }])).rejects.toThrow(
      /prototype 0.*nearestPatches/s,
    );
    await expect(
      store.prototypes.save(run.id, 1, [{ index: 0, vector: [1], receptiveField: { y0: 5, y1: 4, x0: 0, x1: 1 } }]),
    ).rejects.toThrow(/prototype 0: receptiveField/);
    await expect(store.prototypes.save(run.id, 1, [{ index: 0, vector: [Number.NaN] }])).rejects.toThrow(/NaN/);
    const ghost = createHash('sha256').update('ghost').digest('hex');
    await expect(
      store.prototypes.save(run.id, 1, [
        { index: 0, vector: [1] },
        { index: 1, vector: [1], patchArtifact: ghost },
      ]),
    ).rejects.toThrow(UnknownArtifactError);
    await expect(store.prototypes.save('nope', 1, [{ index: 0, vector: [1] }])).rejects.toThrow(UnknownRunError);
    expect(await store.prototypes.pushes(run.id)).toEqual([]);
  });
});

describeEachStore('predictions', (factory) => {
  const current = useFreshStore(factory);

  it('round-trips per-image predictions and replaces a set saved again', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'global' });
    expect(
      await store.predictions.save(run.id, { split: 'val' }, [
        { imageId: 'b', label: 1, predicted: 1, scores: [0.2, 0.8] },
        { imageId: 'a', label: 0, predicted: 1, scores: [0.45, 0.55] },
        { imageId: 'c', scores: 0.3 },
        { imageId: 'd', label: [0, 1, 1], scores: [0.1, 0.9, 0.7] },
      ]),
    ).toBe(4);
    await store.predictions.save(run.id, { split: 'val', step: 100 }, [{ imageId: 'a', label: 0, predicted: 0, scores: [0.9, 0.1] }]);
    await store.predictions.save(run.id, { split: 'test' }, [{ imageId: 'z', label: 1, predicted: 1, scores: [0, 1] }]);

    const val = await store.predictions.list(run.id, { split: 'val', step: null });
    expect(val.map((p) => [p.imageId, p.label, p.predicted, p.scores, p.step])).toEqual([
      ['a', 0, 1, [0.45, 0.55], null],
      ['b', 1, 1, [0.2, 0.8], null],
      ['c', null, null, 0.3, null],
      ['d', [0, 1, 1], null, [0.1, 0.9, 0.7], null],
    ]);
    expect((await store.predictions.list(run.id, { split: 'val' })).map((p) => [p.imageId, p.step])).toEqual([
      ['a', null],
      ['b', null],
      ['c', null],
      ['d', null],
      ['a', 100],
    ]);
    expect((await store.predictions.list(run.id, { step: 100 })).map((p) => p.scores)).toEqual([[0.9, 0.1]]);
    expect((await store.predictions.list(run.id, { imageId: 'a' })).length).toBe(2);
    expect((await store.predictions.list(run.id)).map((p) => p.split)).toEqual(['test', 'val', 'val', 'val', 'val', 'val']);

    // Re-running the evaluation of the final model on val replaces that set only.
    await store.predictions.save(run.id, { split: 'val' }, [{ imageId: 'a', label: 0, predicted: 0, scores: [0.7, 0.3] }]);
    expect((await store.predictions.list(run.id, { split: 'val' })).map((p) => [p.imageId, p.step, p.predicted])).toEqual([
      ['a', null, 0],
      ['a', 100, 0],
    ]);
  });

  it('refuses malformed predictions and unknown runs', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'global' });
    await expect(store.predictions.save(run.id, { split: '' }, [])).rejects.toThrow(/savePredictions: split/);
    await expect(
      store.predictions.save(run.id, { split: 'val' }, [{ imageId: 'a', scores: 'high' as unknown as number }]),
    ).rejects.toThrow(InvalidInputError);
    await expect(store.predictions.save('nope', { split: 'val' }, [])).rejects.toThrow(UnknownRunError);
    await expect(store.predictions.list('nope')).rejects.toThrow(UnknownRunError);
  });
});

describeEachStore('saliency maps and evaluations', (factory) => {
  const current = useFreshStore(factory);

  it('round-trips saliency maps with their metrics and filters them', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const heat = await Promise.all(['h1', 'h2', 'h3'].map((h) => put(store, h, 'heatmap')));
    const ids = await store.saliency.save(run.id, [
      {
        imageId: 'img-2',
        method: 'gradcam',
        target: 1,
        heatmap: heat[0]!,
        height: 7,
        width: 7,
        params: { layer: 'block4' },
        metrics: { pointingGame: 1, energyInBox: 0.62 },
      },
      { imageId: 'img-1', method: 'integrated-gradients', target: 1, heatmap: heat[1]!, params: { steps: 32 } },
      { imageId: 'img-1', method: 'prototype-activation', heatmap: heat[2]!, step: 500 },
    ]);
    expect(ids).toHaveLength(3);
    const all = await store.saliency.list(run.id);
    expect(all.map((m) => [m.imageId, m.method])).toEqual([
      ['img-1', 'integrated-gradients'],
      ['img-1', 'prototype-activation'],
      ['img-2', 'gradcam'],
    ]);
    expect(all[2]).toMatchObject({
      id: ids[0],
      runId: run.id,
      target: 1,
      step: null,
      heatmap: heat[0],
      height: 7,
      width: 7,
      params: { layer: 'block4' },
      metrics: { pointingGame: 1, energyInBox: 0.62 },
    });
    expect(all[1]).toMatchObject({ target: null, step: 500, params: {}, metrics: {}, height: null });
    expect((await store.saliency.list(run.id, { imageId: 'img-1' })).length).toBe(2);
    expect((await store.saliency.list(run.id, { method: ['gradcam', 'prototype-activation'] })).length).toBe(2);
    expect((await store.saliency.list(run.id, { target: null })).map((m) => m.method)).toEqual(['prototype-activation']);
    expect((await store.saliency.list(run.id, { imageId: 'img-1', target: 1 })).map((m) => m.method)).toEqual([
      'integrated-gradients',
    ]);
    expect(await store.saliency.list(run.id, { method: [] })).toEqual([]);
    const ghost = createHash('sha256').update('ghost').digest('hex');
    await expect(store.saliency.save(run.id, [{ imageId: 'a', method: 'm', heatmap: ghost }])).rejects.toThrow(
      UnknownArtifactError,
    );
  });

  it('round-trips evaluations', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const e1 = await store.evaluations.save(run.id, {
      name: 'pointing-game',
      method: 'gradcam',
      split: 'test',
      metrics: { mean: 0.71, n: 200, perClass: [0.7, 0.72] },
    });
    await store.evaluations.save(run.id, { name: 'classification', split: 'test', step: 900, metrics: { auc: 0.97 } });
    expect(e1).toMatchObject({ runId: run.id, name: 'pointing-game', method: 'gradcam', split: 'test', step: null });
    expect((await store.evaluations.list(run.id)).map((e) => e.name)).toEqual(['pointing-game', 'classification']);
    expect(await store.evaluations.list(run.id, { name: 'classification' })).toEqual([
      expect.objectContaining({ step: 900, metrics: { auc: 0.97 }, method: null }),
    ]);
    expect(await store.evaluations.list(run.id, { method: 'gradcam' })).toEqual([e1]);
    await expect(store.evaluations.save(run.id, { name: 'x', metrics: { bad: Number.POSITIVE_INFINITY } })).rejects.toThrow(
      /metrics\.bad is Infinity/,
    );
  });
});
