/**
 * A store moved to another folder (copied to another machine, mounted elsewhere) with its data root and
 * artifacts beside it keeps serving every run's images and saliency maps: datasets are recorded by
 * location under the data root, artifacts by hash, never by a machine's absolute path.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '@protoscope/datasets';
import { encodeHeatmap } from '@protoscope/render';
import { openStore, type Store } from '@protoscope/tracking';
import { PNG } from 'pngjs';
import { startServer, type RunningServer } from '../server';

describe('a store moved to another folder', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-moved-'));
  });
  afterAll(() => fs.promises.rm(parent, { recursive: true, force: true }));

  it('serves the images and maps of a registered dataset and of a dataset only a run names', async () => {
    const before = path.join(parent, 'team-home');
    fs.mkdirSync(before);
    let store: Store = await openStore(`sqlite:${path.join(before, 'store.db')}`, { env: {} });
    expect(store.dataRoot).toBe(path.join(before, 'datasets'));
    const registered = await generateDataset('mammo-two-view', { n: 4, seed: 2, size: 16, options: {} }, path.join(store.dataRoot, 'mammo'));
    await store.datasets.register({ id: registered.id, path: path.join(store.dataRoot, 'mammo'), imageCount: registered.images.length });
    expect((await store.datasets.get(registered.id)).location).toBe('mammo');
    // A run trained from the command line before datasets were registered names only its folder.
    const unregistered = await generateDataset('mammo-two-view', { n: 3, seed: 5, size: 16, options: {} }, path.join(store.dataRoot, 'cli-data'));
    const cliId = 'cli-only';
    fs.writeFileSync(
      path.join(store.dataRoot, 'cli-data', 'manifest.json'),
      JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(store.dataRoot, 'cli-data', 'manifest.json'), 'utf8')), id: cliId }),
    );
    fs.renameSync(path.join(store.dataRoot, 'cli-data'), path.join(store.dataRoot, cliId));
    await store.runs.create({ id: 'r-registered', method: 'protopnet', dataset: registered.id, config: {} });
    await store.runs.create({ id: 'r-cli', method: 'global', dataset: cliId, config: { training: { data: path.join(store.dataRoot, cliId) } } });
    const map = new Float32Array(16 * 16).map((_, i) => (i % 16) / 15);
    const heatmap = await store.artifacts.put(encodeHeatmap({ map, height: 16, width: 16, scale: 'unit' }), { kind: 'heatmap', mediaType: 'image/png' });
    const [registeredMap] = await store.saliency.save('r-registered', [{ imageId: registered.images[0]!.id, method: 'gradcam', target: 1, heatmap }]);
    const [cliMap] = await store.saliency.save('r-cli', [{ imageId: unregistered.images[0]!.id, method: 'gradcam', target: 1, heatmap }]);
    const owner = await store.users.create({ name: 'owner', role: 'owner' });
    const token = (await store.apiTokens.create(owner.id, { name: 'reader', scope: 'read' })).secret;
    await store.close();

    const after = path.join(parent, 'moved', 'elsewhere');
    fs.mkdirSync(path.dirname(after));
    fs.renameSync(before, after);
    store = await openStore(`sqlite:${path.join(after, 'store.db')}`, { env: {} });
    let server: RunningServer | undefined;
    try {
      expect((await store.datasets.get(registered.id)).path).toBe(path.join(after, 'datasets', 'mammo'));
      server = await startServer({ store, port: 0, dataRoots: [after] });
      const get = (url: string) => fetch(`${server!.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
      for (const [datasetId, imageId] of [
        [registered.id, registered.images[0]!.id],
        [cliId, unregistered.images[0]!.id],
      ] as const) {
        const image = await get(`/images/${datasetId}/${imageId}.png`);
        expect(image.status).toBe(200);
        expect(PNG.sync.read(Buffer.from(await image.arrayBuffer())).width).toBe(16);
      }
      for (const id of [registeredMap, cliMap]) {
        const overlay = await get(`/heatmaps/${id}.png?opacity=1`);
        expect(overlay.status).toBe(200);
        expect(PNG.sync.read(Buffer.from(await overlay.arrayBuffer())).width).toBe(16);
      }
      expect((await get(`/artifacts/${heatmap}`)).status).toBe(200);
    } finally {
      await server?.close();
      await store.close();
    }
  });
});
