/** Dataset, Image and Lesion fields. Images come from the dataset's manifest on disk (cached). */
import type { Dataset } from '@protoscope/tracking';
import type { DatasetIndex } from '../datasets/manifest-cache';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { connectionOf } from '../graphql/pagination';
import { runConnection } from '../runs/run-query';
import { boxFromManifest, type ImageNode } from './shapes';

async function indexOf(dataset: Dataset, ctx: GraphContext): Promise<DatasetIndex> {
  // Registered datasets always have an index or a DatasetError (DATASET_UNAVAILABLE) explaining why not.
  return (await ctx.loaders.datasetIndex.load(dataset.id))!;
}

export function primaryLabel(node: ImageNode): number | null {
  const value = node.record.labels[node.index.manifest.primaryTask];
  return typeof value === 'number' ? value : null;
}

export const datasetResolvers: Resolvers = {
  Dataset: {
    tasks: async (d, _, ctx) => (await indexOf(d, ctx)).manifest.tasks,
    primaryTask: async (d, _, ctx) => (await indexOf(d, ctx)).manifest.primaryTask,
    splits: async (d, _, ctx) => {
      const counts = new Map<string, number>();
      for (const r of (await indexOf(d, ctx)).manifest.images) counts.set(r.split ?? 'none', (counts.get(r.split ?? 'none') ?? 0) + 1);
      return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([split, count]) => ({ split, count }));
    },
    images: async (d, args, ctx) => {
      const index = await indexOf(d, ctx);
      const nodes: Array<ImageNode & { position: number }> = [];
      index.manifest.images.forEach((record, position) => {
        const node = { datasetId: d.id, record, index, position };
        if (args.split != null && record.split !== args.split) return;
        if (args.view != null && record.view !== args.view) return;
        if (args.source != null && record.source !== args.source) return;
        if (args.label != null && primaryLabel(node) !== args.label) return;
        nodes.push(node);
      });
      // Manifest order; the cursor is the position in the manifest.
      return connectionOf(nodes, args, (n) => [n.position], (a, b) => Number(a[0]) - Number(b[0]));
    },
    image: async (d, args, ctx) => {
      const index = await indexOf(d, ctx);
      const record = index.byId.get(args.id);
      return record ? { datasetId: d.id, record, index } : null;
    },
    runs: (d, args, ctx) => runConnection(ctx.store, { ...args, filter: { dataset: { eq: d.id } } }),
  },
  Image: {
    id: (n) => n.record.id,
    label: (n) => primaryLabel(n),
    labelName: (n) => {
      const label = primaryLabel(n);
      return label === null ? null : (n.index.classes[label] ?? null);
    },
    labels: (n) => n.record.labels,
    split: (n) => n.record.split ?? null,
    view: (n) => n.record.view ?? null,
    laterality: (n) => n.record.laterality ?? null,
    source: (n) => n.record.source ?? null,
    patientId: (n) => n.record.patientId,
    width: (n) => n.record.width,
    height: (n) => n.record.height,
    channels: (n) => n.record.channels,
    url: (n, _, ctx) => ctx.urls.image(n.datasetId, n.record.id),
    lesions: (n, _, ctx) =>
      (n.record.lesions ?? []).map((lesion) => ({
        id: lesion.id,
        kind: lesion.kind,
        label: lesion.label ?? null,
        box: boxFromManifest(lesion.box),
        maskUrl: lesion.mask ? ctx.urls.lesionMask(n.datasetId, n.record.id, lesion.id) : null,
      })),
  },
};

/** The Image node of (dataset, image id), or null when either is unknown. */
export async function imageNode(ctx: GraphContext, datasetId: string | null, imageId: string | null): Promise<ImageNode | null> {
  if (!datasetId || !imageId) return null;
  const index = await ctx.loaders.datasetIndex.load(datasetId);
  const record = index?.byId.get(imageId);
  return index && record ? { datasetId, record, index } : null;
}
