/** Prototype, SaliencyMap and Evaluation fields. */
import { SALIENCY_KINDS } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { storeEnum } from '../graphql/store-enum';
import { downsampleHeatmap } from '../heatmaps/downsample';
import { imageNode } from './dataset-resolvers';
import { requiredEdge } from './required-edge';
import { boxFromStore } from './shapes';

async function runOf(ctx: GraphContext, runId: string) {
  return (await ctx.loaders.run.load(runId)) ?? null;
}

/** The name of class `index` in the run's dataset, when both are known. */
async function className(ctx: GraphContext, runId: string, index: number | null): Promise<string | null> {
  if (index === null) return null;
  const run = await runOf(ctx, runId);
  const dataset = run?.dataset ? await ctx.loaders.dataset.load(run.dataset) : undefined;
  return dataset?.classes[index] ?? null;
}

async function imageOfRun(ctx: GraphContext, runId: string, imageId: string | null) {
  const run = await runOf(ctx, runId);
  return imageNode(ctx, run?.dataset ?? null, imageId);
}

/** The run a prototype, map or evaluation belongs to (rows of a deleted run go with it). */
function ownerRun(ctx: GraphContext, runId: string, what: string) {
  return requiredEdge(ctx.loaders.run.load(runId), `${what}: its run ${runId} is gone`);
}

export const explanationResolvers: Resolvers = {
  /** GraphQL's SALIENCY ↔ the store's 'saliency'. */
  SaliencyKind: storeEnum(SALIENCY_KINDS),
  Prototype: {
    run: (p, _, ctx) => ownerRun(ctx, p.runId, `prototype ${p.index}`),
    className: (p, _, ctx) => className(ctx, p.runId, p.classIndex),
    sourceImage: (p, _, ctx) => imageOfRun(ctx, p.runId, p.sourceImageId),
    receptiveField: (p) => boxFromStore(p.receptiveField),
    highActivation: (p) => boxFromStore(p.highActivation),
    patchUrl: (p, _, ctx) =>
      p.patchArtifact || (p.sourceImageId && p.receptiveField) ? `${ctx.urls.prototypePatch(p.runId, p.index)}?step=${p.pushStep}` : null,
    activationMap: async (p, args, ctx) => {
      if (!p.activationMapArtifact) return null;
      const decoded = await ctx.heatmaps.activation(ctx.store, p.activationMapArtifact);
      return downsampleHeatmap(decoded.map, decoded.height, decoded.width, args.maxSize);
    },
    nearestPatches: (p) => p.nearestPatches.map((patch, rank) => ({ ...patch, prototype: p, rank })),
  },
  NearestPatch: {
    image: (n, _, ctx) => imageOfRun(ctx, n.prototype.runId, n.imageId),
    box: (n) => boxFromStore(n.box),
    patchUrl: (n, _, ctx) =>
      n.box ? `${ctx.urls.prototypePatch(n.prototype.runId, n.prototype.index)}?step=${n.prototype.pushStep}&nearest=${n.rank}` : null,
  },
  SaliencyMap: {
    run: (m, _, ctx) => ownerRun(ctx, m.runId, `saliency map ${m.id}`),
    image: (m, _, ctx) => imageOfRun(ctx, m.runId, m.imageId),
    pairedImage: (m, _, ctx) => imageOfRun(ctx, m.runId, m.pairedImageId),
    targetName: (m, _, ctx) => className(ctx, m.runId, m.target),
    url: (m, args, ctx) => ctx.urls.overlay(m.id, args),
    heatmapUrl: (m, _, ctx) => ctx.urls.artifact(m.heatmap),
    heatmap: async (m, args, ctx) => {
      const decoded = await ctx.heatmaps.saliency(ctx.store, m.heatmap);
      return downsampleHeatmap(decoded.map, decoded.height, decoded.width, args.maxSize);
    },
  },
  Evaluation: {
    run: (e, _, ctx) => ownerRun(ctx, e.runId, `evaluation ${e.id}`),
  },
};
