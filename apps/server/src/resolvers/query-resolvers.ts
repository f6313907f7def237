/** The entry points of reading. Single-thing lookups return null for unknown ids; lists by run say NOT_FOUND. */
import { DATASET_GENERATORS, DATASET_READERS } from '@protoscope/datasets';
import { badInput } from '../graphql/errors';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { saliencyQuery } from '../graphql/loaders';
import { checkSaliencyMethods } from './saliency-methods';
import { compareRuns } from '../runs/comparison';
import { runConnection } from '../runs/run-query';
import { jobIdOf } from './mutation-resolvers';

export const MAX_JOBS_LISTED = 1000;

export const queryResolvers: Resolvers = {
  Query: {
    runs: (_, args, ctx) => runConnection(ctx.store, args),
    run: async (_, args, ctx) => (await ctx.loaders.run.load(args.id)) ?? null,
    compareRuns: (_, args, ctx) => compareRuns(ctx, args),
    datasets: (_, __, ctx) => ctx.store.datasets.list(),
    dataset: async (_, args, ctx) => (await ctx.loaders.dataset.load(args.id)) ?? null,
    datasetGenerators: () => DATASET_GENERATORS.map((g) => g.name),
    datasetFormats: () => DATASET_READERS.map((r) => r.format),
    prototypes: (_, args, ctx) => ctx.loaders.prototypes.load({ runId: args.runId, step: args.step ?? null }),
    saliencyMaps: (_, args, ctx) => {
      checkSaliencyMethods(args.methods);
      return ctx.loaders.saliency.load(saliencyQuery(args.runId, args));
    },
    evaluations: (_, args, ctx) => ctx.loaders.evaluations.load({ runId: args.runId, name: args.name ?? null, method: args.method ?? null }),
    notebooks: (_, __, ctx) => ctx.store.notebooks.list(),
    notebook: async (_, args, ctx) => (await ctx.loaders.notebook.load(args.id)) ?? null,
    jobs: async (_, args, ctx) => {
      if (!Number.isInteger(args.last) || args.last < 0 || args.last > MAX_JOBS_LISTED) {
        throw badInput(`last must be an integer from 0 to ${MAX_JOBS_LISTED}, got ${args.last}`);
      }
      const jobs = await ctx.store.jobs.list({
        ...(args.status != null ? { status: args.status } : {}),
        ...(args.kind != null ? { kind: args.kind } : {}),
        ...(args.runId != null ? { runId: args.runId } : {}),
      });
      return jobs.slice(Math.max(0, jobs.length - args.last)).reverse();
    },
    job: async (_, args, ctx) => (await ctx.loaders.job.load(jobIdOf(args.id))) ?? null,
  },
};
