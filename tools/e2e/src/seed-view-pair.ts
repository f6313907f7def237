/**
 * A two-view run for the view-pair cell: one breast's CC and MLO with a Grad-CAM map of each and the
 * cross-attention maps on each — from the whole other view and from two query points of it.
 */
import type { DatasetManifest } from '@protoscope/datasets';
import { encodeHeatmap } from '@protoscope/render';
import type { SaliencyInput, Store } from '@protoscope/tracking';

export interface SeededViewPair {
  runId: string;
  cc: string;
  mlo: string;
  /** The query points stored on each view (image pixels). */
  queries: { x: number; y: number }[];
  /** Id of the cross-attention map on MLO read from each query point of CC, in `queries` order. */
  mloFromCc: number[];
}

const SIZE = 32;
const QUERIES = [
  { x: 8, y: 8 },
  { x: 24, y: 24 },
];

/** A blob centred at (cx, cy) on the SIZE × SIZE image. */
function blob(cx: number, cy: number): Float32Array {
  return Float32Array.from({ length: SIZE * SIZE }, (_, i) => Math.exp(-(((i % SIZE) - cx) ** 2 + (Math.floor(i / SIZE) - cy) ** 2) / 30));
}

export async function seedViewPair(store: Store, manifest: DatasetManifest): Promise<SeededViewPair> {
  const cc = manifest.images.find((image) => image.view === 'CC')!;
  const mlo = manifest.images.find((image) => image.view === 'MLO' && image.patientId === cc.patientId && image.laterality === cc.laterality)!;
  const run = await store.runs.create({ name: 'multiview seed 1', method: 'multiview', dataset: manifest.id, seed: 1, config: {} });
  const map = async (imageId: string, view: string, pairedImageId: string, method: string, centre: [number, number], query: { x: number; y: number } | null): Promise<SaliencyInput> => ({
    imageId,
    view,
    pairedImageId,
    method,
    kind: method === 'cross-attention' ? 'attention' : 'saliency',
    query,
    target: 1,
    heatmap: await store.artifacts.put(encodeHeatmap({ map: blob(...centre), height: SIZE, width: SIZE, scale: 'unit' }), { kind: 'heatmap', mediaType: 'image/png' }),
    height: SIZE,
    width: SIZE,
    metrics: { pointingGame: 1 },
  });
  const rows: SaliencyInput[] = [];
  for (const [image, view, other] of [
    [cc.id, 'CC', mlo.id],
    [mlo.id, 'MLO', cc.id],
  ] as const) {
    rows.push(await map(image, view, other, 'gradcam', [16, 16], null), await map(image, view, other, 'cross-attention', [10, 20], null));
    // Read from each query point of the other view: the blob follows the point.
    for (const query of QUERIES) rows.push(await map(image, view, other, 'cross-attention', [query.x, query.y], query));
  }
  const ids = await store.saliency.save(run.id, rows);
  await store.runs.updateStatus(run.id, 'finished');
  // Rows 6 and 7 lie on MLO and were read from CC's query points.
  return { runId: run.id, cc: cc.id, mlo: mlo.id, queries: QUERIES, mloFromCc: [ids[6]!, ids[7]!] };
}
