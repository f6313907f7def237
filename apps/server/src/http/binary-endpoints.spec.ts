import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDataset, type DatasetManifest } from '@protoscope/datasets';
import { colormap, encodeHeatmap } from '@protoscope/render';
import { PNG } from 'pngjs';
import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

/** A PNG read with pngjs directly (8-bit RGBA out, whatever went in). */
function readPng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: { id: string } }>;
}
interface BoxData {
  x: number;
  y: number;
  width: number;
  height: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
interface ImageData {
  id: string;
  url: string;
  lesions: Array<{ id: string; kind: string; box: Partial<BoxData>; maskUrl: string }>;
}
interface DatasetData {
  splits: Array<{ split: string; count: number }>;
  all: Page;
  image: ImageData;
}
interface SaliencyData {
  id: string;
  method: string;
  url: string;
  heatmapUrl: string;
  heatmap: { width: number; height: number; values: number[]; sourceWidth: number; min: number; max: number };
}
interface PrototypeData {
  patchUrl: string;
}

async function get(url: string, token: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

describeEachServer('binary endpoints and dataset images', (factory) => {
  let server: TemporaryServer;
  let manifest: DatasetManifest;
  let datasetDir: string;

  beforeAll(async () => {
    server = await factory.start();
    datasetDir = path.join(server.dir, 'datasets', 'mammo');
    manifest = await generateDataset('mammo-two-view', { n: 6, seed: 4, size: 32, options: { 'normal-fraction': 0 } }, datasetDir);
    await server.store.datasets.register({
      id: manifest.id,
      name: manifest.name,
      path: datasetDir,
      origin: manifest.origin,
      classes: manifest.tasks[manifest.primaryTask]!.classes,
      imageCount: manifest.images.length,
    });
    await server.store.runs.create({ id: 'r1', method: 'protopnet', dataset: manifest.id, config: {} });
  });
  afterAll(() => server?.close());

  /** The pixels of the dataset's image file, read with pngjs (the server decodes and re-encodes it). */
  const filePixels = (imageId: string) => readPng(fs.readFileSync(path.join(datasetDir, 'images', `${imageId}.png`)));

  it('GET /artifacts/:hash returns the bytes with the stored media type; unknown and malformed hashes are 404 and 400', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 7, 7, 7]);
    const hash = await server.store.artifacts.put(bytes, { kind: 'test', mediaType: 'application/x-npy' });
    const ok = await get(`${server.url}/artifacts/${hash}`, server.token);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('application/x-npy');
    expect([...ok.body]).toEqual([...bytes]);
    const missing = await server.fetch(`${server.url}/artifacts/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
    expect((await server.fetch(`${server.url}/artifacts/xyz`)).status).toBe(400);
  });

  it('lists datasets and pages through images read from the manifest; image URLs serve the pixels', async () => {
    const first = manifest.images[0]!;
    const data = await queryData<{ dataset: DatasetData; datasets: unknown[] }>(
      server,
      `query ($id: ID!) {
        datasets { id imageCount classes }
        dataset(id: $id) {
          primaryTask splits { split count }
          all: images(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
          image(id: "${first.id}") { id label labelName split view patientId width height url lesions { id kind box { x y width height x0 y1 } maskUrl } }
        }
      }`,
      { id: manifest.id },
    );
    expect(data.datasets).toEqual([{ id: manifest.id, imageCount: 6, classes: manifest.tasks[manifest.primaryTask]!.classes }]);
    const d = data.dataset;
    expect(d.all.totalCount).toBe(6);
    expect(d.all.edges.map((e) => e.node.id)).toEqual(manifest.images.slice(0, 4).map((r) => r.id));
    const rest = await queryData<{ dataset: { images: Page } }>(server, 'query ($id: ID!, $after: String) { dataset(id: $id) { images(first: 4, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }', {
      id: manifest.id,
      after: d.all.pageInfo.endCursor,
    });
    expect(rest.dataset.images.edges.map((e) => e.node.id)).toEqual(manifest.images.slice(4).map((r) => r.id));
    expect(rest.dataset.images.pageInfo.hasNextPage).toBe(false);
    const splitCounts = new Map<string, number>();
    for (const r of manifest.images) splitCounts.set(r.split!, (splitCounts.get(r.split!) ?? 0) + 1);
    expect(d.splits).toEqual([...splitCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([split, count]) => ({ split, count })));

    const image = d.image;
    const label = first.labels[manifest.primaryTask] as number;
    expect(image).toMatchObject({ id: first.id, label, labelName: manifest.tasks[manifest.primaryTask]!.classes[label], split: first.split, view: first.view, width: 32, height: 32 });
    expect(image.lesions).toHaveLength(first.lesions?.length ?? 0);
    const lesion = first.lesions![0]!;
    expect(image.lesions[0]!.box).toEqual({ x: lesion.box!.x, y: lesion.box!.y, width: lesion.box!.width, height: lesion.box!.height, x0: lesion.box!.x, y1: lesion.box!.y + lesion.box!.height });

    const png = await get(image.url, server.token);
    expect(png.status).toBe(200);
    expect(png.type).toBe('image/png');
    const served = readPng(png.body);
    const onDisk = filePixels(first.id);
    expect([served.width, served.height]).toEqual([onDisk.width, onDisk.height]);
    expect([...served.data]).toEqual([...onDisk.data]);

    // The lesion mask: white exactly where the label map holds this lesion's value.
    const mask = readPng((await get(image.lesions[0]!.maskUrl, server.token)).body);
    const labelMap = readPng(fs.readFileSync(path.join(datasetDir, lesion.mask!.path)));
    const value = lesion.mask!.value!;
    for (let i = 0; i < 32 * 32; i++) expect(mask.data[i * 4]).toBe(labelMap.data[i * 4] === value ? 255 : 0);
    expect((await server.fetch(`${server.url}/images/${manifest.id}/nope.png`)).status).toBe(404);
  });

  it('saliency maps: inline heat map as block means, and the overlay endpoint blends the map over the image', async () => {
    const image = manifest.images[1]!;
    // A 32×32 map whose value is x / 31 (so 0…1 left to right), stored as a 'unit' heat map.
    const map = new Float32Array(32 * 32).map((_, i) => (i % 32) / 31);
    const hash = await server.store.artifacts.put(encodeHeatmap({ map, height: 32, width: 32, scale: 'unit' }), { kind: 'heatmap', mediaType: 'image/png' });
    await server.store.saliency.save('r1', [
      { imageId: image.id, method: 'gradcam', target: 1, heatmap: hash, height: 32, width: 32, metrics: { pointingGame: 1 } },
      { imageId: image.id, method: 'rise', target: 1, heatmap: hash, height: 32, width: 32 },
      { imageId: manifest.images[2]!.id, method: 'gradcam', target: 1, heatmap: hash },
    ]);
    const data = await queryData<{ saliencyMaps: SaliencyData[] }>(
      server,
      `{ saliencyMaps(runId: "r1", imageId: "${image.id}", methods: ["gradcam", "rise"]) {
          id method target targetName metrics image { id } url(opacity: 1) heatmapUrl heatmap(maxSize: 4) { width height values sourceWidth min max } } }`,
    );
    expect(data.saliencyMaps.map((m) => m.method)).toEqual(['gradcam', 'rise']);
    const gradcam = data.saliencyMaps[0]!;
    expect(gradcam).toMatchObject({ target: 1, targetName: manifest.tasks[manifest.primaryTask]!.classes[1], metrics: { pointingGame: 1 }, image: { id: image.id } });
    // 8×8 blocks: block column c averages x = 8c … 8c+7, i.e. (8c + 3.5) / 31 (half a grey level of error).
    const heat = gradcam.heatmap;
    expect([heat.width, heat.height, heat.sourceWidth]).toEqual([4, 4, 32]);
    heat.values.forEach((v, i) => expect(Math.abs(v - (8 * (i % 4) + 3.5) / 31)).toBeLessThan(1e-4));
    expect(heat.min).toBeCloseTo(0, 6);
    expect(heat.max).toBeCloseTo(1, 6);

    // opacity 1: every pixel is the colour map of its value (to 8 bits).
    const full = readPng((await get(gradcam.url, server.token)).body);
    for (const x of [0, 10, 31]) {
      const expected = colormap('jet', map[5 * 32 + x]!).map((c) => Math.round(255 * c));
      expect([...full.data.subarray((5 * 32 + x) * 4, (5 * 32 + x) * 4 + 3)]).toEqual(expected);
    }
    // opacity 0: the image itself, grey replicated into RGB.
    const plain = readPng((await get(`${server.url}/heatmaps/${gradcam.id}.png?opacity=0`, server.token)).body);
    const onDisk = filePixels(image.id);
    for (let i = 0; i < 32 * 32; i++) expect(plain.data[i * 4 + 1]).toBe(onDisk.data[i * 4]);
    const outlined = await get(`${server.url}/heatmaps/${gradcam.id}.png?opacity=0&outline=1`, server.token);
    expect(outlined.status).toBe(200);
    expect((await server.fetch(`${server.url}/heatmaps/${gradcam.id}.png?opacity=2`)).status).toBe(400);
    expect((await server.fetch(`${server.url}/heatmaps/${gradcam.id}.png?colormap=rainbow`)).status).toBe(400);
    expect((await server.fetch(`${server.url}/heatmaps/99999.png`)).status).toBe(404);
    expect((await get(gradcam.heatmapUrl, server.token)).type).toBe('image/png');
  });

  it('prototypes: source image, boxes, and the patch endpoint cuts the receptive field out of the source image', async () => {
    const source = manifest.images[3]!;
    await server.store.prototypes.save('r1', 100, [
      { index: 0, classIndex: 1, vector: [0.1, 0.2], sourceImageId: source.id, sourceSplit: source.split, receptiveField: { y0: 4, y1: 12, x0: 8, x1: 20 }, highActivation: { y0: 5, y1: 9, x0: 10, x1: 14 } },
      { index: 1, classIndex: 0, vector: [0.3, 0.4] },
    ]);
    const data = await queryData<{ prototypes: PrototypeData[] }>(
      server,
      `{ prototypes(runId: "r1") { index className pushStep sourceImage { id url } receptiveField { x y width height } highActivation { x0 x1 y0 y1 } patchUrl nearestPatches { imageId } } }`,
    );
    const [p0, p1] = data.prototypes as [PrototypeData, PrototypeData];
    expect(p0).toMatchObject({
      index: 0,
      className: manifest.tasks[manifest.primaryTask]!.classes[1],
      pushStep: 100,
      sourceImage: { id: source.id },
      receptiveField: { x: 8, y: 4, width: 12, height: 8 },
      highActivation: { x0: 10, x1: 14, y0: 5, y1: 9 },
      nearestPatches: [],
    });
    expect(p1).toMatchObject({ index: 1, sourceImage: null, patchUrl: null });
    const patch = readPng((await get(p0.patchUrl, server.token)).body);
    expect([patch.width, patch.height]).toEqual([12, 8]);
    const onDisk = filePixels(source.id);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 12; x++) expect(patch.data[(y * 12 + x) * 4]).toBe(onDisk.data[((y + 4) * 32 + (x + 8)) * 4]);
    }
    expect((await server.fetch(`${server.url}/prototypes/r1/7/patch.png`)).status).toBe(404);

    // A push that recorded the nearest training patches: each with its image, box and its own patch cut out.
    const near = manifest.images[5]!;
    await server.store.prototypes.save('r1', 200, [
      {
        index: 0,
        classIndex: 1,
        vector: [0.1, 0.2],
        sourceImageId: source.id,
        receptiveField: { y0: 4, y1: 12, x0: 8, x1: 20 },
        nearestPatches: [
          { imageId: source.id, classIndex: 1, box: { y0: 4, y1: 12, x0: 8, x1: 20 }, distance: 0 },
          { imageId: near.id, classIndex: 0, box: { y0: 0, y1: 6, x0: 2, x1: 6 }, distance: 0.5 },
        ],
      },
    ]);
    const pushed = await queryData<{ prototypes: Array<{ nearestPatches: Array<{ imageId: string; image: { id: string }; classIndex: number; distance: number; box: { x: number; y: number; width: number; height: number }; patchUrl: string }> }> }>(
      server,
      `{ prototypes(runId: "r1") { nearestPatches { imageId image { id } classIndex distance box { x y width height } patchUrl } } }`,
    );
    const nearest = pushed.prototypes[0]!.nearestPatches;
    expect(nearest.map((n) => [n.imageId, n.image.id, n.classIndex, n.distance])).toEqual([[source.id, source.id, 1, 0], [near.id, near.id, 0, 0.5]]);
    expect(nearest[1]!.box).toEqual({ x: 2, y: 0, width: 4, height: 6 });
    const second = readPng((await get(nearest[1]!.patchUrl, server.token)).body);
    expect([second.width, second.height]).toEqual([4, 6]);
    const nearPixels = filePixels(near.id);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 4; x++) expect(second.data[(y * 4 + x) * 4]).toBe(nearPixels.data[(y * 32 + (x + 2)) * 4]);
    }
    expect((await server.fetch(`${server.url}/prototypes/r1/0/patch.png?nearest=2`)).status).toBe(404);
    expect((await server.fetch(`${server.url}/prototypes/r1/0/patch.png?nearest=x`)).status).toBe(400);
    const missingRun = await graphql(server, '{ prototypes(runId: "nope") { index } }');
    expect(missingRun.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
