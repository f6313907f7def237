/** Run, MetricSeries and MetricPoint fields: every edge through the request's DataLoaders. */
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { saliencyQuery } from '../graphql/loaders';
import { checkSaliencyMethods } from './saliency-methods';
import { flattenConfig } from '../runs/flat-config';
import { seriesLast, seriesPoints } from '../runs/metric-series';
import type { MetricSeriesNode } from './shapes';

export const runResolvers: Resolvers = {
  Run: {
    datasetId: (run) => run.dataset,
    dataset: async (run, _, ctx) => (run.dataset ? ((await ctx.loaders.dataset.load(run.dataset)) ?? null) : null),
    params: (run) => Object.fromEntries(flattenConfig(run.config)),
    param: (run, args) => flattenConfig(run.config).get(args.key) ?? null,
    parent: async (run, _, ctx) => (run.parentRunId ? ((await ctx.loaders.run.load(run.parentRunId)) ?? null) : null),
    resumeOf: async (run, _, ctx) => (run.resumeOfRunId ? ((await ctx.loaders.run.load(run.resumeOfRunId)) ?? null) : null),
    metricKeys: (run, _, ctx) => ctx.loaders.metricKeys.load(run.id),
    metric: async (run, args, ctx) => (await ctx.loaders.latestMetrics.load(run.id)).get(args.key) ?? null,
    latestMetrics: async (run, _, ctx) =>
      [...(await ctx.loaders.latestMetrics.load(run.id)).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, point]) => ({ key, point })),
    metrics: async (run, args, ctx) => {
      const keys = args.keys ?? (await ctx.loaders.metricKeys.load(run.id));
      return keys.map((key): MetricSeriesNode => ({ runId: run.id, key }));
    },
    prototypes: (run, args, ctx) => ctx.loaders.prototypes.load({ runId: run.id, step: args.step ?? null }),
    prototypePushes: (run, _, ctx) => ctx.loaders.prototypePushes.load(run.id),
    saliencyMaps: (run, args, ctx) => {
      checkSaliencyMethods(args.methods);
      return ctx.loaders.saliency.load(saliencyQuery(run.id, args));
    },
    evaluations: (run, args, ctx) => ctx.loaders.evaluations.load({ runId: run.id, name: args.name ?? null, method: args.method ?? null }),
    jobs: (run, _, ctx) => ctx.loaders.jobsOfRun.load(run.id),
  },
  MetricSeries: {
    points: (s, args, ctx) => seriesPoints(s, args.maxPoints, ctx),
    last: (s, _, ctx) => seriesLast(s, ctx),
  },
  MetricPoint: {
    value: (p) => (Number.isFinite(p.value) ? p.value : null),
    valueText: (p) => String(p.value),
    time: (p) => p.wallTime,
  },
};
