/**
 * Latest metric values of runs against a baseline run: for each key, each run's value and its
 * difference from the baseline's (null where either side has no finite value).
 */
export interface RunMetrics {
  runId: string;
  metrics: Readonly<Record<string, number | null | undefined>>;
}

export interface MetricDelta {
  key: string;
  baseline: number | null;
  values: { runId: string; value: number | null; delta: number | null }[];
}

export function metricDeltas(runs: readonly RunMetrics[], baselineId: string, keys?: readonly string[]): MetricDelta[] {
  const baseline = runs.find((run) => run.runId === baselineId) ?? runs[0];
  if (!baseline) return [];
  const wanted = keys && keys.length > 0 ? [...keys] : [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort();
  const finite = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return wanted.map((key) => {
    const base = finite(baseline.metrics[key]);
    return {
      key,
      baseline: base,
      values: runs
        .filter((run) => run !== baseline)
        .map((run) => {
          const value = finite(run.metrics[key]);
          return { runId: run.runId, value, delta: value !== null && base !== null ? value - base : null };
        }),
    };
  });
}
