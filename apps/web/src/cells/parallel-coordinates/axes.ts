/**
 * The default axes of a parallel-coordinates plot: the method when the runs differ in it, then each
 * param whose value differs between the runs that have it (a key only some methods have is not a
 * difference by itself: the method axis shows that), and the metric. A run-level setting that every
 * run shares says nothing about the scores, so it gets no axis.
 */
import { canonicalJson } from '../../charts/bands';

export interface AxisRun {
  method: string;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
}

/** Params whose present values are not all the same, sorted. */
export function differingParams(runs: readonly AxisRun[]): string[] {
  const values = new Map<string, Set<string>>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.params)) {
      if (value === undefined || value === null) continue;
      const seen = values.get(key) ?? new Set<string>();
      seen.add(canonicalJson(value));
      values.set(key, seen);
    }
  }
  return [...values].filter(([, seen]) => seen.size > 1).map(([key]) => key).sort();
}

/** The metric of the last axis: the one asked for, else `val/auc` when a run has it, else the first key. */
export function defaultMetric(runs: readonly AxisRun[], asked: string): string {
  if (asked) return asked;
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort();
  return keys.includes('val/auc') ? 'val/auc' : (keys[0] ?? '');
}

/** `method` (when it differs) and the differing params, unless the spec names its params. */
export function defaultAxes(runs: readonly AxisRun[], askedParams: readonly string[]): { method: boolean; params: string[] } {
  if (askedParams.length > 0) return { method: false, params: [...askedParams] };
  return { method: new Set(runs.map((run) => run.method)).size > 1, params: differingParams(runs) };
}
