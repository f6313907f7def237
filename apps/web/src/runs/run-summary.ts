/**
 * What the run page shows, shaped from the graph's answer: the config as sorted rows, the latest
 * metrics, an evaluation's headline numbers, and which sweep (and trial) a run belongs to. Pure
 * functions, so the page stays a view.
 */
import { latestEvaluation, readConfusionMatrix, readCurves, type EvaluationNode } from '../cells/shared/evaluations';

/** Trial runs of a sweep carry the tag `sweep:<sweep id>` (set by the sweep controller). */
export const SWEEP_TAG_PREFIX = 'sweep:';

export interface ParamRow {
  key: string;
  value: string;
}

/** The flattened config (dotted key → value) as rows sorted by key, each value as text. */
export function paramRows(params: unknown): ParamRow[] {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return [];
  return Object.entries(params as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value: valueText(value) }));
}

/** A param or metric value as a person reads it: strings bare, numbers to 4 significant digits unless integral, the rest as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(4)));
  return JSON.stringify(value) ?? String(value);
}

/** The sweep id in a run's tags, or null when the run is not a sweep trial. */
export function sweepIdOf(tags: readonly string[]): string | null {
  const tag = tags.find((t) => t.startsWith(SWEEP_TAG_PREFIX) && t.length > SWEEP_TAG_PREFIX.length);
  return tag ? tag.slice(SWEEP_TAG_PREFIX.length) : null;
}

export interface TrialOfRun<Trial extends { run: { id: string } }> {
  trial: Trial;
  /** Whether it is the sweep's best trial so far. */
  best: boolean;
}

/** The trial of a sweep that is this run, with whether it is the best one. */
export function trialOfRun<Trial extends { run: { id: string } }>(
  sweep: { trials: readonly Trial[]; bestTrial: { run: { id: string } } | null },
  runId: string,
): TrialOfRun<Trial> | null {
  const trial = sweep.trials.find((t) => t.run.id === runId);
  return trial ? { trial, best: sweep.bestTrial?.run.id === runId } : null;
}

export interface HeadlineNumber {
  key: string;
  value: number;
}

/**
 * An evaluation's headline: its top-level finite numbers (accuracy, auc, numCases, …), in the
 * report's order. Curves, matrices and per-class tables are drawn by the chart cells instead.
 */
export function headlineNumbers(metrics: unknown): HeadlineNumber[] {
  if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics)) return [];
  return Object.entries(metrics as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'number' && Number.isFinite(value) ? [{ key, value }] : [],
  );
}

/** How long a run took (or has been going), as "1 h 2 min", "3 min 4 s" or "5 s"; null without both ends. */
export function durationText(startIso: string | null, endIso: string | null): string | null {
  if (!startIso || !endIso) return null;
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return null;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** The metric keys the run's charts draw: every key, losses and training curves after validation ones so the first chart is the one people look for. */
export function chartMetricKeys(keys: readonly string[]): string[] {
  const rank = (key: string) => (key.startsWith('val') ? 0 : key.startsWith('test') ? 1 : 2);
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Evaluation names whose newest report the evaluation cells can draw: with ROC/PR curves (`curves`),
 * with a square confusion matrix (`matrices`); in the order the names first appear.
 */
export function chartedEvaluations(evaluations: readonly EvaluationNode[]): { curves: string[]; matrices: string[] } {
  const newest = [...new Set(evaluations.map((e) => e.name))].map((name) => ({
    name,
    metrics: latestEvaluation(evaluations.filter((e) => e.name === name), '')?.metrics,
  }));
  return {
    curves: newest.filter(({ metrics }) => !('missing' in readCurves(metrics, null))).map(({ name }) => name),
    matrices: newest.filter(({ metrics }) => readConfusionMatrix(metrics) !== null).map(({ name }) => name),
  };
}
