/** Run, MetricSeries and MetricPoint fields: every edge through the request's DataLoaders. */
import type { MetricPoint, Run } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { GraphContext } from '../graphql/context';
import { saliencyQuery, type SaliencyQuery } from '../graphql/loaders';
import { flattenConfig } from '../runs/flat-config';

/** The parent of MetricSeries: a run's key, with the points when they are already known (subscriptions). */
export interface MetricSeriesNode {
  runId: string;
  key: string;
  points?: MetricPoint[];
}

async function seriesPoints(s: MetricSeriesNode, ctx: GraphContext): Promise<MetricPoint[]> {
  return s.points ?? ctx.loaders.metricHistory.load({ runId: s.runId, key: s.key });
}

/** Every k-th point (k = ceil(n / maxPoints)) and always the last, so the end of a curve is exact. */
export function thinPoints<T>(points: readonly T[], maxPoints: number | null | undefined): T[] {
  if (maxPoints === null || maxPoints === undefined) return [...points];
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw badInput(`maxPoints must be a positive integer, got ${maxPoints}`);
  if (points.length <= maxPoints) return [...points];
  const k = Math.ceil(points.length / maxPoints);
  const kept = points.filter((_, i) => i % k === 0);
  if ((points.length - 1) % k !== 0) {
    if (kept.length === maxPoints) kept.pop();
    kept.push(points[points.length - 1]!);
  }
  return kept;
}

export const runResolvers = {
  Run: {
    datasetId: (run: Run) => run.dataset,
    dataset: (run: Run, _: unknown, ctx: GraphContext) => (run.dataset ? ctx.loaders.dataset.load(run.dataset) : null),
    params: (run: Run) => Object.fromEntries(flattenConfig(run.config)),
    param: (run: Run, args: { key: string }) => flattenConfig(run.config).get(args.key) ?? null,
    parent: (run: Run, _: unknown, ctx: GraphContext) => (run.parentRunId ? ctx.loaders.run.load(run.parentRunId) : null),
    resumeOf: (run: Run, _: unknown, ctx: GraphContext) => (run.resumeOfRunId ? ctx.loaders.run.load(run.resumeOfRunId) : null),
    metricKeys: (run: Run, _: unknown, ctx: GraphContext) => ctx.loaders.metricKeys.load(run.id),
    metric: async (run: Run, args: { key: string }, ctx: GraphContext) => (await ctx.loaders.latestMetrics.load(run.id)).get(args.key) ?? null,
    latestMetrics: async (run: Run, _: unknown, ctx: GraphContext) =>
      [...(await ctx.loaders.latestMetrics.load(run.id)).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, point]) => ({ key, point })),
    metrics: async (run: Run, args: { keys?: string[] | null }, ctx: GraphContext): Promise<MetricSeriesNode[]> => {
      const keys = args.keys ?? (await ctx.loaders.metricKeys.load(run.id));
      return keys.map((key) => ({ runId: run.id, key }));
    },
    prototypes: (run: Run, args: { step?: number | null }, ctx: GraphContext) => ctx.loaders.prototypes.load({ runId: run.id, step: args.step ?? null }),
    prototypePushes: (run: Run, _: unknown, ctx: GraphContext) => ctx.loaders.prototypePushes.load(run.id),
    saliencyMaps: (run: Run, args: Omit<SaliencyQuery, 'runId'>, ctx: GraphContext) => ctx.loaders.saliency.load(saliencyQuery(run.id, args)),
    evaluations: (run: Run, args: { name?: string | null; method?: string | null }, ctx: GraphContext) =>
      ctx.loaders.evaluations.load({ runId: run.id, name: args.name ?? null, method: args.method ?? null }),
    jobs: (run: Run, _: unknown, ctx: GraphContext) => ctx.loaders.jobsOfRun.load(run.id),
  },
  MetricSeries: {
    points: async (s: MetricSeriesNode, args: { maxPoints?: number | null }, ctx: GraphContext) => thinPoints(await seriesPoints(s, ctx), args.maxPoints),
    last: async (s: MetricSeriesNode, _: unknown, ctx: GraphContext) => {
      const points = await seriesPoints(s, ctx);
      return points[points.length - 1] ?? null;
    },
  },
  MetricPoint: {
    value: (p: MetricPoint) => (Number.isFinite(p.value) ? p.value : null),
    valueText: (p: MetricPoint) => String(p.value),
    time: (p: MetricPoint) => p.wallTime,
  },
};
