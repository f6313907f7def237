/**
 * Sweeps in the graph (libs/graph/src/sweep-schema.ts). A Sweep resolves from the store's sweep
 * summary (trial states, rung values, progress, best trial), read once per sweep per request.
 * createSweep stores the sweep and queues its controller (a `sweep-advance` job), which a worker runs
 * at once to queue the first trials: the server itself never decides what a sweep does next.
 */
import {
  InvalidInputError,
  SWEEP_MODES,
  SWEEP_STATUSES,
  SWEEP_STRATEGIES,
  SWEEP_TRIAL_STATES,
  type CreateSweepInput,
  type SweepTrialSummary,
} from '@protoscope/tracking';
import { JOB_BOUNDS } from '@protoscope/job-contract';
import { badInput, notFound } from '../graphql/errors';
import type { CreateSweepInput as CreateSweepArgs, Resolvers } from '../graphql/generated/resolvers-types';
import { checkSweepTrials, sweepAdvanceJob } from '../jobs/job-payloads';
import { storeEnum } from '../graphql/store-enum';
import { jsonObjectArg } from './json-object-arg';
import type { SweepTrialNode } from './shapes';

export const MAX_SWEEPS_LISTED = 500;
/** As startRun: longer trainings are started from the command line. */
export const MAX_SWEEP_EPOCHS = JOB_BOUNDS.maxEpochs;

/** The create input of the store from the mutation's arguments (absent and null mean the default). */
function sweepInput(args: CreateSweepArgs, createdBy: string | null): CreateSweepInput {
  for (const key of ['epochs', 'minEpochs', 'maxEpochs'] as const) {
    const v = args[key];
    if (v != null && v > MAX_SWEEP_EPOCHS) throw badInput(`${key} must be at most ${MAX_SWEEP_EPOCHS} (longer sweeps are started with protoscope sweep create)`);
  }
  const settings: Record<string, unknown> = { config: jsonObjectArg(args.config, 'config') ?? {} };
  for (const key of ['epochs', 'batchSize', 'size', 'checkpointEvery', 'eta', 'minEpochs', 'maxEpochs'] as const) {
    if (args[key] != null) settings[key] = args[key];
  }
  return {
    name: args.name ?? null,
    method: args.method,
    dataset: args.datasetId,
    strategy: args.strategy,
    space: args.space,
    maxParallel: args.maxParallel,
    budget: args.budget ?? null,
    ...(args.metric != null ? { metric: args.metric } : {}),
    ...(args.mode != null ? { mode: args.mode } : {}),
    ...(args.seed != null ? { seed: args.seed } : {}),
    settings,
    createdBy,
  };
}

function trialShape(t: SweepTrialSummary): SweepTrialNode {
  return { ...t, index: t.trial };
}

export const sweepResolvers: Resolvers = {
  SweepStrategy: storeEnum(SWEEP_STRATEGIES),
  SweepMode: storeEnum(SWEEP_MODES),
  SweepState: storeEnum(SWEEP_STATUSES),
  SweepTrialState: storeEnum(SWEEP_TRIAL_STATES),
  Query: {
    sweep: async (_, args, ctx) => ((await ctx.store.sweeps.find(args.id)) ? ctx.store.sweeps.summary(args.id) : null),
    sweeps: async (_, args, ctx) => {
      if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_SWEEPS_LISTED) {
        throw badInput(`first must be an integer from 0 to ${MAX_SWEEPS_LISTED}, got ${args.first}`);
      }
      const sweeps = await ctx.store.sweeps.list({ ...(args.state != null ? { status: args.state } : {}), limit: args.first });
      return Promise.all(sweeps.map((s) => ctx.store.sweeps.summary(s.id)));
    },
  },
  Mutation: {
    createSweep: async (_, args, ctx) => {
      const dataset = await ctx.store.datasets.find(args.input.datasetId);
      if (!dataset) throw notFound(`no dataset with id "${args.input.datasetId}"; generate or import it first (generateDataset, importDataset)`);
      let created;
      try {
        const input = sweepInput(args.input, ctx.caller?.userId ?? null);
        checkSweepTrials(args.input);
        created = await ctx.store.sweeps.create(input);
      } catch (error) {
        if (error instanceof InvalidInputError) throw badInput(error.message);
        throw error;
      }
      // Its controller, run by a worker at once; the `tick` keeps advancing it while it runs.
      await ctx.jobs.enqueue({ ...sweepAdvanceJob(created.id, { tick: true }), priority: 10 });
      return ctx.store.sweeps.summary(created.id);
    },
    cancelSweep: async (_, args, ctx) => {
      if (!(await ctx.store.sweeps.find(args.id))) throw notFound(`no sweep with id "${args.id}"; the sweeps query lists them`);
      // Through the job queue first (a queued trial leaves BullMQ too), then the sweep ends and any
      // trial queued meanwhile is cancelled in the store.
      for (const trial of await ctx.store.sweeps.trials(args.id)) {
        if (trial.jobId !== null && (trial.jobStatus === 'queued' || trial.jobStatus === 'running')) await ctx.jobs.cancel(trial.jobId);
      }
      await ctx.store.sweeps.cancel(args.id);
      return ctx.store.sweeps.summary(args.id);
    },
  },
  Sweep: {
    id: (s) => s.sweep.id,
    name: (s) => s.sweep.name,
    method: (s) => s.sweep.method,
    datasetId: (s) => s.sweep.dataset,
    dataset: async (s, _, ctx) => (await ctx.loaders.dataset.load(s.sweep.dataset)) ?? null,
    strategy: (s) => s.sweep.strategy,
    space: (s) => s.sweep.space,
    parameters: (s) => Object.keys(s.sweep.space),
    settings: (s) => s.sweep.settings,
    budget: (s) => s.sweep.budget,
    maxParallel: (s) => s.sweep.maxParallel,
    metric: (s) => s.sweep.metric,
    mode: (s) => s.sweep.mode,
    seed: (s) => s.sweep.seed,
    state: (s) => s.sweep.status,
    error: (s) => s.sweep.error,
    createdAt: (s) => s.sweep.createdAt,
    finishedAt: (s) => s.sweep.finishedAt,
    rungs: (s) => s.rungs,
    progress: (s) => ({ total: s.total, ...s.progress }),
    trials: (s) => s.trials.map(trialShape),
    bestTrial: (s) => (s.best ? trialShape(s.best) : null),
  },
  SweepTrial: {
    run: async (t, _, ctx) => {
      const run = await ctx.loaders.run.load(t.runId);
      if (!run) throw notFound(`trial ${t.trial}: its run ${t.runId} is gone`);
      return run;
    },
  },
};
