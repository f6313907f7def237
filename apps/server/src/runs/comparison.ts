/**
 * `compareRuns`: runs side by side. Metric histories aligned on the union of their steps (the last
 * value logged at a step wins, as in the store), the config keys whose values differ, and groups of
 * runs that differ only in what groupBy leaves out — by default their seeds — with the mean and the
 * sample standard deviation of each metric across the group.
 */
import type { JsonValue, MetricPoint, Run } from '@protoscope/tracking';
import { badInput, notFound } from '../graphql/errors';
import type { GraphContext } from '../graphql/context';
import type { HistoryKey } from '../graphql/loaders';
import { flattenConfig, jsonEqual } from './flat-config';
import { checkMaxPoints } from './metric-series';

export const MAX_COMPARED_RUNS = 100;

export interface MeanStd {
  count: number;
  mean: number | null;
  std: number | null;
}

export interface AlignedMetric {
  key: string;
  steps: number[];
  series: Array<{ runId: string; values: Array<number | null> }>;
}

export interface Comparison {
  runs: Run[];
  metrics: AlignedMetric[];
  configDiff: Array<{ key: string; values: Array<JsonValue | null> }>;
  groupBy: string[];
  groups: Array<{ key: Record<string, JsonValue | null>; runIds: string[]; metrics: Array<{ key: string; final: MeanStd; steps: number[]; perStep: MeanStd[] }> }>;
}

/** Count, mean and sample standard deviation (n − 1) of the finite values. */
export function meanStd(values: ReadonlyArray<number | null | undefined>): MeanStd {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { count: 0, mean: null, std: null };
  const mean = finite.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { count: n, mean, std: null };
  const variance = finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { count: n, mean, std: Math.sqrt(variance) };
}

/** Histories (by step, then insertion) aligned on the union of steps; null where a run has no finite value. */
export function alignHistories(key: string, histories: ReadonlyArray<{ runId: string; points: readonly MetricPoint[] }>): AlignedMetric {
  const perRun = histories.map(({ runId, points }) => {
    const byStep = new Map<number, number>();
    for (const p of points) byStep.set(p.step, p.value); // later rows of a step overwrite earlier ones
    return { runId, byStep };
  });
  const steps = [...new Set(perRun.flatMap((r) => [...r.byStep.keys()]))].sort((a, b) => a - b);
  return {
    key,
    steps,
    series: perRun.map(({ runId, byStep }) => ({
      runId,
      values: steps.map((s) => {
        const v = byStep.get(s);
        return v !== undefined && Number.isFinite(v) ? v : null;
      }),
    })),
  };
}

/** The dotted config keys whose values are not equal in every run (absent counts as a value). */
export function configDifferences(configs: ReadonlyArray<ReadonlyMap<string, JsonValue>>): Array<{ key: string; values: Array<JsonValue | null> }> {
  const keys = [...new Set(configs.flatMap((c) => [...c.keys()]))].sort();
  return keys
    .filter((key) => {
      const first = configs[0]!;
      return configs.some((c) => c.has(key) !== first.has(key) || !jsonEqual(c.get(key), first.get(key)));
    })
    .map((key) => ({ key, values: configs.map((c) => (c.has(key) ? c.get(key)! : null)) }));
}

const RUN_FIELDS = ['method', 'dataset', 'status', 'name', 'backend'] as const;

function groupValue(run: Run, config: ReadonlyMap<string, JsonValue>, key: string): JsonValue | null {
  if ((RUN_FIELDS as readonly string[]).includes(key)) return run[key as (typeof RUN_FIELDS)[number]];
  return config.get(key) ?? null;
}

/** A key naming a seed: its last dotted part is "seed" (any case). */
function isSeedKey(key: string): boolean {
  return /(^|\.)seed$/i.test(key);
}

export async function compareRuns(
  ctx: GraphContext,
  args: { ids: readonly string[]; metrics?: readonly string[] | null; groupBy?: readonly string[] | null; maxPoints?: number | null },
): Promise<Comparison> {
  const ids = [...new Set(args.ids)];
  if (ids.length === 0) throw badInput('compareRuns: give at least one run id');
  if (ids.length > MAX_COMPARED_RUNS) throw badInput(`compareRuns: at most ${MAX_COMPARED_RUNS} runs at once, got ${ids.length}`);
  const maxPoints = checkMaxPoints(args.maxPoints, 'compareRuns: maxPoints');
  const loaded = await ctx.loaders.run.loadMany(ids);
  const missing = ids.filter((_, i) => loaded[i] === undefined || loaded[i] instanceof Error);
  if (missing.length > 0) throw notFound(`compareRuns: no run with id ${missing.map((m) => `"${m}"`).join(', ')}`);
  const runs = loaded as Run[];
  const configs = runs.map((r) => flattenConfig(r.config));

  let metricKeys = args.metrics ? [...args.metrics] : undefined;
  if (!metricKeys) {
    const perRun = await Promise.all(runs.map((r) => ctx.loaders.metricKeys.load(r.id)));
    metricKeys = perRun.reduce((shared, keys) => shared.filter((k) => keys.includes(k)));
  }
  // Thinned in the store, only the last value of each step (alignment keeps that one anyway).
  const historyKey = (runId: string, key: string): HistoryKey => (maxPoints === undefined ? { runId, key } : { runId, key, maxPoints, lastOfEachStep: true });
  const metrics = await Promise.all(
    metricKeys.map(async (key) =>
      alignHistories(
        key,
        await Promise.all(runs.map(async (r) => ({ runId: r.id, points: await ctx.loaders.metricHistory.load(historyKey(r.id, key)) }))),
      ),
    ),
  );
  const configDiff = configDifferences(configs);

  let groupBy = args.groupBy ? [...args.groupBy] : undefined;
  if (!groupBy) {
    const differingFields = (['method', 'dataset'] as const).filter((f) => runs.some((r) => r[f] !== runs[0]![f]));
    groupBy = [...differingFields, ...configDiff.map((d) => d.key).filter((k) => !isSeedKey(k))];
  }
  const latest = await Promise.all(runs.map((r) => ctx.loaders.latestMetrics.load(r.id)));
  const groups = new Map<string, { key: Record<string, JsonValue | null>; members: number[] }>();
  runs.forEach((run, i) => {
    const key = Object.fromEntries(groupBy!.map((k) => [k, groupValue(run, configs[i]!, k)]));
    const id = JSON.stringify(groupBy!.map((k) => key[k]));
    const group = groups.get(id) ?? { key, members: [] };
    group.members.push(i);
    groups.set(id, group);
  });
  return {
    runs,
    metrics,
    configDiff,
    groupBy,
    groups: [...groups.values()].map(({ key, members }) => ({
      key,
      runIds: members.map((i) => runs[i]!.id),
      metrics: metrics.map((aligned) => ({
        key: aligned.key,
        final: meanStd(members.map((i) => latest[i]!.get(aligned.key)?.value)),
        steps: aligned.steps,
        perStep: aligned.steps.map((_, s) => meanStd(members.map((i) => aligned.series[i]!.values[s]))),
      })),
    })),
  };
}
