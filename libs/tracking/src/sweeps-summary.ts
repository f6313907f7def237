/**
 * Where a sweep stands, read from its trials' runs, jobs and metric histories: each trial's state,
 * varied params and metric value at every rung it completed, the progress counts, and the best trial.
 * The controller decides from this; the command line and the graph show it.
 */
import type { StoreContext } from './context';
import type { JsonObject, JsonValue } from './json';
import { metricHistories, metricHistoryKey } from './metrics';
import { getSweep, type Sweep, type SweepSettings } from './sweeps';
import { gridSize, parseSweepSpace } from './sweeps-space';
import { sweepTrials, type SweepTrial } from './sweeps-trials';

export const SWEEP_TRIAL_STATES = ['queued', 'running', 'done', 'stopped', 'failed'] as const;
export type SweepTrialState = (typeof SWEEP_TRIAL_STATES)[number];

export interface SweepTrialSummary {
  trial: number;
  runId: string;
  /** The rung the trial is at (0 outside ASHA) and the epochs that rung trains to. */
  rung: number;
  epochs: number;
  /** queued / running; done (trained to the end); stopped (ASHA: below the last rung, or cancelled); failed. */
  state: SweepTrialState;
  /** The space's params as this trial set them. */
  params: JsonObject;
  /** The metric at the end of each rung the trial completed (null: not logged); index = rung. */
  rungValues: Array<number | null>;
  /** The metric at the end of the trial's latest completed rung. */
  value: number | null;
  jobId: number | null;
}

export interface SweepSummary {
  sweep: Sweep;
  /** Epochs at the end of each rung: ASHA's min·η^k up to max; `[epochs]` otherwise. */
  rungs: number[];
  /** Trials the sweep starts in all: the budget (random, ASHA), the grid's points up to the budget. */
  total: number;
  trials: SweepTrialSummary[];
  progress: Record<SweepTrialState, number>;
  best: SweepTrialSummary | null;
}

/** ASHA's rungs: minEpochs·η^k while below maxEpochs, then maxEpochs; one rung of `epochs` otherwise. */
export function sweepRungs(strategy: string, settings: SweepSettings): number[] {
  if (strategy !== 'asha') return [settings.epochs];
  const eta = settings.eta ?? 3;
  const max = settings.maxEpochs ?? settings.epochs;
  const rungs: number[] = [];
  for (let r = settings.minEpochs ?? 1; r < max; r *= eta) rungs.push(r);
  rungs.push(max);
  return rungs;
}

/** The value at a dotted key of an object, or undefined. */
export function valueAtKey(object: JsonValue | undefined, key: string): JsonValue | undefined {
  let at: JsonValue | undefined = object;
  for (const part of key.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = at[part];
  }
  return at;
}

function stateOf(trial: SweepTrial, lastRung: number): SweepTrialState {
  if (trial.jobStatus === 'queued') return 'queued';
  if (trial.jobStatus === 'running') return 'running';
  switch (trial.runStatus) {
    case 'queued':
      // Its job was cancelled or failed before a worker started it.
      return trial.jobStatus === 'cancelled' ? 'stopped' : trial.jobStatus === 'failed' ? 'failed' : 'queued';
    case 'running':
      // The run's job ended without ending the run (its last attempt's worker died).
      return trial.jobStatus === 'failed' || trial.jobStatus === 'cancelled' ? 'failed' : 'running';
    case 'finished':
      return trial.rung < lastRung ? 'stopped' : 'done';
    case 'cancelled':
      return 'stopped';
    default:
      return 'failed';
  }
}

/** Better first: higher for `max`, lower for `min`; no value last. */
export function compareValues(a: number | null, b: number | null, mode: 'max' | 'min'): number {
  const ok = (v: number | null): v is number => v !== null && !Number.isNaN(v);
  if (!ok(a) || !ok(b)) return ok(a) ? -1 : ok(b) ? 1 : 0;
  return mode === 'max' ? b - a : a - b;
}

export async function sweepSummary(ctx: StoreContext, sweepId: string): Promise<SweepSummary> {
  const sweep = await getSweep(ctx, sweepId);
  const rungs = sweepRungs(sweep.strategy, sweep.settings);
  const trials = await sweepTrials(ctx, sweepId);
  const histories = await metricHistories(
    ctx,
    trials.map((t) => ({ runId: t.runId, key: sweep.metric })),
  );
  const keys = Object.keys(sweep.space);
  const summaries = trials.map((t): SweepTrialSummary => {
    const state = stateOf(t, rungs.length - 1);
    const history = histories.get(metricHistoryKey(t.runId, sweep.metric)) ?? [];
    // Rungs below the current one are complete; the current one once the run finished.
    const completed = t.runStatus === 'finished' && t.jobStatus !== 'queued' && t.jobStatus !== 'running' ? t.rung + 1 : t.rung;
    const rungValues = rungs.slice(0, completed).map((epochs) => {
      const points = history.filter((p) => p.epoch === epochs - 1);
      return points.length > 0 ? points[points.length - 1].value : null;
    });
    const method = t.config.method as JsonValue | undefined;
    const params: JsonObject = {};
    for (const key of keys) {
      const v = valueAtKey(method, key);
      if (v !== undefined) params[key] = v;
    }
    return {
      trial: t.trial,
      runId: t.runId,
      rung: t.rung,
      epochs: rungs[Math.min(t.rung, rungs.length - 1)],
      state,
      params,
      rungValues,
      value: rungValues.length > 0 ? rungValues[rungValues.length - 1] : null,
      jobId: t.jobId,
    };
  });
  const progress = Object.fromEntries(SWEEP_TRIAL_STATES.map((s) => [s, 0])) as Record<SweepTrialState, number>;
  for (const t of summaries) progress[t.state]++;
  const ranked = summaries
    .filter((t) => t.rungValues.length > 0 && t.value !== null && !Number.isNaN(t.value))
    .sort((a, b) => b.rungValues.length - a.rungValues.length || compareValues(a.value, b.value, sweep.mode) || a.trial - b.trial);
  const total = sweep.strategy === 'grid' ? Math.min(gridSize(parseSweepSpace(sweep.space, 'grid')), sweep.budget ?? Number.POSITIVE_INFINITY) : (sweep.budget ?? 0);
  return { sweep, rungs, total, trials: summaries, progress, best: ranked[0] ?? null };
}
