/**
 * Mutations. Those that start work only queue a job (through the job backend) and return it (training
 * never runs inside a request); notebooks are created, renamed and deleted in the store directly, and their cells
 * are changed through the live document (collab-resolvers.ts).
 */
import { TERMINAL_RUN_STATUSES, type Store } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import { badInput, notFound } from '../graphql/errors';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { evaluateJob, explainJob, generateDatasetJob, importDatasetJob, trainJob, type StartRunArgs } from '../jobs/job-payloads';

/** A job id from the graph's ID (a string of digits). */
export function jobIdOf(id: string): number {
  const n = Number(id);
  if (!/^\d+$/.test(String(id)) || !Number.isSafeInteger(n)) throw badInput(`"${id}" is not a job id (job ids are whole numbers)`);
  return n;
}

async function requireRun(store: Store, runId: string) {
  const run = await store.runs.find(runId);
  if (!run) throw notFound(`no run with id "${runId}"; list the runs to find the right id`);
  return run;
}

export const mutationResolvers: Resolvers = {
  Mutation: {
    generateDataset: (_: unknown, args: { generator: string; n: number; seed: number; size: number }, ctx: GraphContext) =>
      ctx.jobs.enqueue(generateDatasetJob(args)),
    importDataset: (_: unknown, args: { format: string; source: string }, ctx: GraphContext) =>
      ctx.jobs.enqueue(importDatasetJob(args, ctx.dataRoots)),
    startRun: async (_: unknown, args: { input: StartRunArgs & { datasetId: string } }, ctx: GraphContext) => {
      const dataset = await ctx.store.datasets.find(args.input.datasetId);
      if (!dataset) throw notFound(`no dataset with id "${args.input.datasetId}"; generate or import it first (generateDataset, importDataset)`);
      return ctx.jobs.enqueue(trainJob(args.input, dataset.id));
    },
    cancelRun: async (_: unknown, args: { id: string }, ctx: GraphContext) => {
      const run = await requireRun(ctx.store, args.id);
      const active = await ctx.store.jobs.list({ runId: run.id, status: ['queued', 'running'] });
      for (const job of active) await ctx.jobs.cancel(job.id);
      // A run no job is working on (started by hand, or its job already gone) is marked here.
      if (active.length === 0 && !(TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status)) {
        await ctx.store.runs.updateStatus(run.id, 'cancelled', { error: 'cancelled through the graph' });
      }
      return ctx.store.runs.get(run.id);
    },
    cancelJob: (_: unknown, args: { id: string }, ctx: GraphContext) => ctx.jobs.cancel(jobIdOf(args.id)),
    requestExplanations: async (
      _: unknown,
      args: { runId: string; methods: string[]; images?: string | null; limit?: number | null },
      ctx: GraphContext,
    ) => {
      const job = explainJob(args);
      await requireRun(ctx.store, args.runId);
      return ctx.jobs.enqueue({ ...job, runId: args.runId });
    },
    requestEvaluation: async (_: unknown, args: { runId: string; suites: string[]; data?: string | null }, ctx: GraphContext) => {
      const job = await evaluateJob(args, ctx.dataRoots, ctx.store);
      await requireRun(ctx.store, args.runId);
      return ctx.jobs.enqueue({ ...job, runId: args.runId });
    },
    createNotebook: (_: unknown, args: { title: string }, ctx: GraphContext) => ctx.store.notebooks.create({ title: args.title }),
    updateNotebook: (_: unknown, args: { id: string; title?: string | null }, ctx: GraphContext) =>
      ctx.store.notebooks.update(args.id, args.title != null ? { title: args.title } : {}),
    deleteNotebook: async (_: unknown, args: { id: string }, ctx: GraphContext) => {
      await ctx.store.notebooks.delete(args.id);
      ctx.collab.closeNotebook(args.id);
      return args.id;
    },
  },
};
