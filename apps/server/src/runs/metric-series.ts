/**
 * `MetricSeries.points(maxPoints)` and `MetricSeries.last`. A stored history is thinned in SQL (the
 * store's metricHistories with maxPoints), so at most maxPoints rows per series leave the database;
 * the points a subscription already carries are thinned here by the same rule.
 */
import type { MetricPoint } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { GraphContext } from '../graphql/context';

/** The parent of MetricSeries: a run's key, with the points when they are already known (subscriptions). */
export interface SeriesOf {
  runId: string;
  key: string;
  points?: MetricPoint[];
}

/** A point budget from GraphQL: absent, or a whole number ≥ 1. */
export function checkMaxPoints(maxPoints: number | null | undefined, field = 'maxPoints'): number | undefined {
  if (maxPoints === null || maxPoints === undefined) return undefined;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw badInput(`${field} must be a positive integer, got ${maxPoints}`);
  return maxPoints;
}

/**
 * The store's thinning (libs/tracking/src/metric-thinning.ts) for points already in memory, sorted by
 * step then logging order: at most maxPoints of them are whole; more are cut into maxPoints − 1 step
 * buckets, keeping the first step and each bucket's highest step, with the point logged last at it.
 */
export function thinPoints<T extends { step: number }>(points: readonly T[], maxPoints: number | null | undefined): T[] {
  const max = checkMaxPoints(maxPoints);
  if (max === undefined || points.length <= max) return [...points];
  const lastAtStep = new Map<number, T>();
  for (const point of points) lastAtStep.set(point.step, point);
  const steps = [...lastAtStep.keys()];
  const lo = steps[0]!;
  const span = steps[steps.length - 1]! - lo + 1;
  const buckets = Math.max(max - 1, 1);
  const bucket = (step: number) => Math.floor(((step - lo) * buckets) / span);
  return steps
    .filter((step, i) => (i === 0 && max > 1) || i === steps.length - 1 || bucket(steps[i + 1]!) !== bucket(step))
    .map((step) => lastAtStep.get(step)!);
}

export async function seriesPoints(s: SeriesOf, maxPoints: number | null | undefined, ctx: GraphContext): Promise<MetricPoint[]> {
  const max = checkMaxPoints(maxPoints);
  if (s.points) return thinPoints(s.points, max);
  return ctx.loaders.metricHistory.load({ runId: s.runId, key: s.key, maxPoints: max ?? null });
}

/** The series' last point (highest step, last logged among equal steps): one row, not the history. */
export async function seriesLast(s: SeriesOf, ctx: GraphContext): Promise<MetricPoint | null> {
  if (s.points) return s.points[s.points.length - 1] ?? null;
  return (await ctx.loaders.latestMetrics.load(s.runId)).get(s.key) ?? null;
}
