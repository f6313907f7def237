import * as path from 'node:path';
import { generateDataset, type DatasetManifest } from '@protoscope/datasets';
import { encodeHeatmap } from '@protoscope/render';
import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

interface MapData {
  id: string;
  method: string;
  kind: string;
  view: string | null;
  imageId: string;
  pairedImageId: string | null;
  pairedImage: { id: string } | null;
  query: { x: number; y: number } | null;
}

describeEachServer('saliency maps of two-view runs in the graph', (factory) => {
  let server: TemporaryServer;
  let manifest: DatasetManifest;

  beforeAll(async () => {
    server = await factory.start();
    const dir = path.join(server.dir, 'datasets', 'mammo');
    manifest = await generateDataset('mammo-two-view', { n: 4, seed: 2, size: 16, options: {} }, dir);
    await server.store.datasets.register({
      id: manifest.id,
      path: dir,
      origin: manifest.origin,
      classes: manifest.tasks[manifest.primaryTask]!.classes,
      imageCount: manifest.images.length,
    });
    await server.store.runs.create({ id: 'mv', method: 'multiview', dataset: manifest.id, config: {} });
  });
  afterAll(() => server?.close());

  it('gives kind, view, pair and query point, and filters by kinds and paired image', async () => {
    const [cc, mlo] = [manifest.images.find((i) => i.view === 'CC')!, manifest.images.find((i) => i.view === 'MLO')!];
    const heatmap = await server.store.artifacts.put(encodeHeatmap({ map: new Float32Array(256).fill(0.5), height: 16, width: 16, scale: 'unit' }), { kind: 'heatmap', mediaType: 'image/png' });
    await server.store.saliency.save('mv', [
      { imageId: cc.id, method: 'gradcam', target: 1, heatmap, view: 'CC', pairedImageId: mlo.id },
      { imageId: mlo.id, method: 'cross-attention', kind: 'attention', target: 1, heatmap, view: 'MLO', pairedImageId: cc.id },
      { imageId: mlo.id, method: 'cross-attention', kind: 'attention', target: 1, heatmap, view: 'MLO', pairedImageId: cc.id, query: { x: 4.5, y: 11.5 } },
    ]);
    const fields = 'id method kind view imageId pairedImageId pairedImage { id } query { x y }';
    const all = await queryData<{ saliencyMaps: MapData[] }>(server, `{ saliencyMaps(runId: "mv") { ${fields} } }`);
    const gradcam = all.saliencyMaps.find((m) => m.method === 'gradcam')!;
    expect(gradcam).toMatchObject({ kind: 'SALIENCY', view: 'CC', imageId: cc.id, pairedImageId: mlo.id, pairedImage: { id: mlo.id }, query: null });

    const attention = await queryData<{ run: { saliencyMaps: MapData[] } }>(server, `{ run(id: "mv") { saliencyMaps(kinds: [ATTENTION], pairedImageId: "${cc.id}") { ${fields} } } }`);
    expect(attention.run.saliencyMaps.map((m) => [m.kind, m.view, m.imageId, m.query])).toEqual([
      ['ATTENTION', 'MLO', mlo.id, null],
      ['ATTENTION', 'MLO', mlo.id, { x: 4.5, y: 11.5 }],
    ]);
    const none = await queryData<{ saliencyMaps: MapData[] }>(server, `{ saliencyMaps(runId: "mv", kinds: [LESION]) { id } }`);
    expect(none.saliencyMaps).toEqual([]);
    const wrong = await graphql(server, `{ saliencyMaps(runId: "mv", kinds: [HEAT]) { id } }`);
    expect(wrong.errors?.[0]?.message).toMatch(/Value "HEAT" does not exist in "SaliencyKind" enum/);
  });
});
