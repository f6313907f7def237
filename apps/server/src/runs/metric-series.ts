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
 * Every k-th point (k = ceil(n / maxPoints)) and always the last, so the end of a curve is exact; the
 * last takes the last grid place when the grid is full. The store applies the same rule in SQL.
 */
export function thinPoints<T>(points: readonly T[], maxPoints: number | null | undefined): T[] {
  const max = checkMaxPoints(maxPoints);
  if (max === undefined || points.length <= max) return [...points];
  const k = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => i % k === 0);
  if ((points.length - 1) % k !== 0) {
    if (kept.length === max) kept.pop();
    kept.push(points[points.length - 1]!);
  }
  return kept;
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
