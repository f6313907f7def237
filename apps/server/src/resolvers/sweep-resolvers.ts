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
  type SweepMode,
  type SweepStatus,
  type SweepStrategy,
  type SweepSummary,
  type SweepTrialSummary,
} from '@protoscope/tracking';
import { JOB_BOUNDS } from '@protoscope/job-contract';
import type { GraphContext } from '../graphql/context';
import { badInput, notFound } from '../graphql/errors';
import { sweepAdvanceJob } from '../jobs/job-payloads';

/** GraphQL enum values are the store's values in capitals (GRID ↔ 'grid'). */
const enumOf = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

export const MAX_SWEEPS_LISTED = 500;
/** As startRun: longer trainings are started from the command line. */
export const MAX_SWEEP_EPOCHS = JOB_BOUNDS.maxEpochs;

interface CreateSweepArgs {
  name?: string | null;
  method: string;
  datasetId: string;
  strategy: SweepStrategy;
  space: unknown;
  maxParallel: number;
  budget?: number | null;
  metric?: string | null;
  mode?: SweepMode | null;
  seed?: number | null;
  epochs?: number | null;
  batchSize?: number | null;
  size?: number | null;
  checkpointEvery?: number | null;
  config?: unknown;
  eta?: number | null;
  minEpochs?: number | null;
  maxEpochs?: number | null;
}

/** The create input of the store from the mutation's arguments (absent and null mean the default). */
function sweepInput(args: CreateSweepArgs, createdBy: string | null): CreateSweepInput {
  for (const key of ['epochs', 'minEpochs', 'maxEpochs'] as const) {
    const v = args[key];
    if (v != null && v > MAX_SWEEP_EPOCHS) throw badInput(`${key} must be at most ${MAX_SWEEP_EPOCHS} (longer sweeps are started with protoscope sweep create)`);
  }
  if (args.config != null && (typeof args.config !== 'object' || Array.isArray(args.config))) throw badInput('config must be a JSON object');
  const settings: Record<string, unknown> = { config: args.config ?? {} };
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

function trialShape(t: SweepTrialSummary) {
  return { ...t, index: t.trial };
}

export const sweepResolvers = {
  SweepStrategy: enumOf(SWEEP_STRATEGIES),
  SweepMode: enumOf(SWEEP_MODES),
  SweepState: enumOf(SWEEP_STATUSES),
  SweepTrialState: enumOf(SWEEP_TRIAL_STATES),
  Query: {
    sweep: async (_: unknown, args: { id: string }, ctx: GraphContext) => ((await ctx.store.findSweep(args.id)) ? ctx.store.sweepSummary(args.id) : null),
    sweeps: async (_: unknown, args: { state?: SweepStatus | null; first: number }, ctx: GraphContext) => {
      if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_SWEEPS_LISTED) {
        throw badInput(`first must be an integer from 0 to ${MAX_SWEEPS_LISTED}, got ${args.first}`);
      }
      const sweeps = await ctx.store.listSweeps({ ...(args.state != null ? { status: args.state } : {}), limit: args.first });
      return Promise.all(sweeps.map((s) => ctx.store.sweepSummary(s.id)));
    },
  },
  Mutation: {
    createSweep: async (_: unknown, args: { input: CreateSweepArgs }, ctx: GraphContext) => {
      const dataset = await ctx.store.findDataset(args.input.datasetId);
      if (!dataset) throw notFound(`no dataset with id "${args.input.datasetId}"; generate or import it first (generateDataset, importDataset)`);
      let created;
      try {
        created = await ctx.store.createSweep(sweepInput(args.input, ctx.caller?.userId ?? null));
      } catch (error) {
        if (error instanceof InvalidInputError) throw badInput(error.message);
        throw error;
      }
      // Its controller, run by a worker at once; the `tick` keeps advancing it while it runs.
      await ctx.jobs.enqueue({ ...sweepAdvanceJob(created.id, { tick: true }), priority: 10 });
      return ctx.store.sweepSummary(created.id);
    },
    cancelSweep: async (_: unknown, args: { id: string }, ctx: GraphContext) => {
      if (!(await ctx.store.findSweep(args.id))) throw notFound(`no sweep with id "${args.id}"; the sweeps query lists them`);
      // Through the job queue first (a queued trial leaves BullMQ too), then the sweep ends and any
      // trial queued meanwhile is cancelled in the store.
      for (const trial of await ctx.store.sweepTrials(args.id)) {
        if (trial.jobId !== null && (trial.jobStatus === 'queued' || trial.jobStatus === 'running')) await ctx.jobs.cancel(trial.jobId);
      }
      await ctx.store.cancelSweep(args.id);
      return ctx.store.sweepSummary(args.id);
    },
  },
  Sweep: {
    id: (s: SweepSummary) => s.sweep.id,
    name: (s: SweepSummary) => s.sweep.name,
    method: (s: SweepSummary) => s.sweep.method,
    datasetId: (s: SweepSummary) => s.sweep.dataset,
    dataset: async (s: SweepSummary, _: unknown, ctx: GraphContext) => (await ctx.loaders.dataset.load(s.sweep.dataset)) ?? null,
    strategy: (s: SweepSummary) => s.sweep.strategy,
    space: (s: SweepSummary) => s.sweep.space,
    parameters: (s: SweepSummary) => Object.keys(s.sweep.space),
    settings: (s: SweepSummary) => s.sweep.settings,
    budget: (s: SweepSummary) => s.sweep.budget,
    maxParallel: (s: SweepSummary) => s.sweep.maxParallel,
    metric: (s: SweepSummary) => s.sweep.metric,
    mode: (s: SweepSummary) => s.sweep.mode,
    seed: (s: SweepSummary) => s.sweep.seed,
    state: (s: SweepSummary) => s.sweep.status,
    error: (s: SweepSummary) => s.sweep.error,
    createdAt: (s: SweepSummary) => s.sweep.createdAt,
    finishedAt: (s: SweepSummary) => s.sweep.finishedAt,
    rungs: (s: SweepSummary) => s.rungs,
    progress: (s: SweepSummary) => ({ total: s.total, ...s.progress }),
    trials: (s: SweepSummary) => s.trials.map(trialShape),
    bestTrial: (s: SweepSummary) => (s.best ? trialShape(s.best) : null),
  },
  SweepTrial: {
    run: async (t: SweepTrialSummary, _: unknown, ctx: GraphContext) => {
      const run = await ctx.loaders.run.load(t.runId);
      if (!run) throw notFound(`trial ${t.trial}: its run ${t.runId} is gone`);
      return run;
    },
  },
};
