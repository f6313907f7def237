/**
 * The live chart's data: every metric's points by step, grown by each runProgress event. An event
 * may repeat a step (the first event of a reconnected subscription sends the current state again);
 * the later value wins and each step appears once, in order.
 */
export type ProgressSeries = Readonly<Record<string, readonly { step: number; value: number }[]>>;

export interface ProgressMetrics {
  key: string;
  points: readonly { step: number; value: number | null }[];
}

export function appendProgress(series: ProgressSeries, metrics: readonly ProgressMetrics[]): ProgressSeries {
  if (metrics.length === 0) return series;
  const next: Record<string, { step: number; value: number }[]> = { ...series } as Record<string, { step: number; value: number }[]>;
  for (const { key, points } of metrics) {
    const byStep = new Map((series[key] ?? []).map((point) => [point.step, point.value]));
    for (const point of points) {
      // NaN and infinities arrive as null: a gap, not a zero.
      if (point.value === null) byStep.delete(point.step);
      else byStep.set(point.step, point.value);
    }
    next[key] = [...byStep.entries()].sort(([a], [b]) => a - b).map(([step, value]) => ({ step, value }));
  }
  return next;
}
