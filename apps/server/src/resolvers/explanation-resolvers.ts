/** Prototype, SaliencyMap and Evaluation fields. */
import { SALIENCY_KINDS, type Evaluation, type NearestPatch, type Prototype, type SaliencyMap } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import { downsampleHeatmap } from '../heatmaps/downsample';
import type { OverlayParams } from '../http/urls';
import { imageNode } from './dataset-resolvers';
import { boxFromStore } from './shapes';

/** A nearest patch with the prototype it belongs to and its rank (0 = nearest), for its image and patch URL. */
type NearestPatchOf = NearestPatch & { prototype: Prototype; rank: number };

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

export const explanationResolvers = {
  /** GraphQL's SALIENCY ↔ the store's 'saliency'. */
  SaliencyKind: Object.fromEntries(SALIENCY_KINDS.map((kind) => [kind.toUpperCase(), kind])),
  Prototype: {
    run: (p: Prototype, _: unknown, ctx: GraphContext) => ctx.loaders.run.load(p.runId),
    className: (p: Prototype, _: unknown, ctx: GraphContext) => className(ctx, p.runId, p.classIndex),
    sourceImage: (p: Prototype, _: unknown, ctx: GraphContext) => imageOfRun(ctx, p.runId, p.sourceImageId),
    receptiveField: (p: Prototype) => boxFromStore(p.receptiveField),
    highActivation: (p: Prototype) => boxFromStore(p.highActivation),
    patchUrl: (p: Prototype, _: unknown, ctx: GraphContext) =>
      p.patchArtifact || (p.sourceImageId && p.receptiveField) ? `${ctx.urls.prototypePatch(p.runId, p.index)}?step=${p.pushStep}` : null,
    activationMap: async (p: Prototype, args: { maxSize: number }, ctx: GraphContext) => {
      if (!p.activationMapArtifact) return null;
      const decoded = await ctx.heatmaps.activation(ctx.store, p.activationMapArtifact);
      return downsampleHeatmap(decoded.map, decoded.height, decoded.width, args.maxSize);
    },
    nearestPatches: (p: Prototype) => p.nearestPatches.map((patch, rank) => ({ ...patch, prototype: p, rank })),
  },
  NearestPatch: {
    image: (n: NearestPatchOf, _: unknown, ctx: GraphContext) => imageOfRun(ctx, n.prototype.runId, n.imageId),
    box: (n: NearestPatchOf) => boxFromStore(n.box),
    patchUrl: (n: NearestPatchOf, _: unknown, ctx: GraphContext) =>
      n.box ? `${ctx.urls.prototypePatch(n.prototype.runId, n.prototype.index)}?step=${n.prototype.pushStep}&nearest=${n.rank}` : null,
  },
  SaliencyMap: {
    run: (m: SaliencyMap, _: unknown, ctx: GraphContext) => ctx.loaders.run.load(m.runId),
    image: (m: SaliencyMap, _: unknown, ctx: GraphContext) => imageOfRun(ctx, m.runId, m.imageId),
    pairedImage: (m: SaliencyMap, _: unknown, ctx: GraphContext) => imageOfRun(ctx, m.runId, m.pairedImageId),
    targetName: (m: SaliencyMap, _: unknown, ctx: GraphContext) => className(ctx, m.runId, m.target),
    url: (m: SaliencyMap, args: OverlayParams, ctx: GraphContext) => ctx.urls.overlay(m.id, args),
    heatmapUrl: (m: SaliencyMap, _: unknown, ctx: GraphContext) => ctx.urls.artifact(m.heatmap),
    heatmap: async (m: SaliencyMap, args: { maxSize: number }, ctx: GraphContext) => {
      const decoded = await ctx.heatmaps.saliency(ctx.store, m.heatmap);
      return downsampleHeatmap(decoded.map, decoded.height, decoded.width, args.maxSize);
    },
  },
  Evaluation: {
    run: (e: Evaluation, _: unknown, ctx: GraphContext) => ctx.loaders.run.load(e.runId),
  },
};
