/** The entry points of reading. Single-thing lookups return null for unknown ids; lists by run say NOT_FOUND. */
import { DATASET_GENERATORS, DATASET_READERS } from '@protoscope/datasets';
import type { JobStatus } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import { saliencyQuery, type SaliencyQuery } from '../graphql/loaders';
import { badInput } from '../graphql/errors';
import { compareRuns } from '../runs/comparison';
import { runConnection, type RunQueryArgs } from '../runs/run-query';
import { jobIdOf } from './mutation-resolvers';

export const MAX_JOBS_LISTED = 1000;

export const queryResolvers = {
  Query: {
    runs: (_: unknown, args: RunQueryArgs, ctx: GraphContext) => runConnection(ctx.store, args),
    run: async (_: unknown, args: { id: string }, ctx: GraphContext) => (await ctx.loaders.run.load(args.id)) ?? null,
    compareRuns: (_: unknown, args: { ids: string[]; metrics?: string[] | null; groupBy?: string[] | null }, ctx: GraphContext) => compareRuns(ctx, args),
    datasets: (_: unknown, __: unknown, ctx: GraphContext) => ctx.store.listDatasets(),
    dataset: async (_: unknown, args: { id: string }, ctx: GraphContext) => (await ctx.loaders.dataset.load(args.id)) ?? null,
    datasetGenerators: () => DATASET_GENERATORS.map((g) => g.name),
    datasetFormats: () => DATASET_READERS.map((r) => r.format),
    prototypes: (_: unknown, args: { runId: string; step?: number | null }, ctx: GraphContext) =>
      ctx.loaders.prototypes.load({ runId: args.runId, step: args.step ?? null }),
    saliencyMaps: (_: unknown, args: Omit<SaliencyQuery, 'runId'> & { runId: string }, ctx: GraphContext) => ctx.loaders.saliency.load(saliencyQuery(args.runId, args)),
    evaluations: (_: unknown, args: { runId: string; name?: string | null; method?: string | null }, ctx: GraphContext) =>
      ctx.loaders.evaluations.load({ runId: args.runId, name: args.name ?? null, method: args.method ?? null }),
    notebooks: (_: unknown, __: unknown, ctx: GraphContext) => ctx.store.listNotebooks(),
    notebook: async (_: unknown, args: { id: string }, ctx: GraphContext) => (await ctx.loaders.notebook.load(args.id)) ?? null,
    jobs: async (_: unknown, args: { status?: JobStatus[] | null; kind?: string | null; runId?: string | null; last: number }, ctx: GraphContext) => {
      if (!Number.isInteger(args.last) || args.last < 0 || args.last > MAX_JOBS_LISTED) {
        throw badInput(`last must be an integer from 0 to ${MAX_JOBS_LISTED}, got ${args.last}`);
      }
      const jobs = await ctx.store.listJobs({
        ...(args.status != null ? { status: args.status } : {}),
        ...(args.kind != null ? { kind: args.kind } : {}),
        ...(args.runId != null ? { runId: args.runId } : {}),
      });
      return jobs.slice(Math.max(0, jobs.length - args.last)).reverse();
    },
    job: async (_: unknown, args: { id: string }, ctx: GraphContext) => (await ctx.loaders.job.load(jobIdOf(args.id))) ?? null,
  },
};
