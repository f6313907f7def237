/**
 * Seeds of one configuration drawn as one line with a band: at each step, the mean of the runs that
 * logged that step and mean ± the sample standard deviation (n − 1; zero for a single run, since one
 * seed says nothing about spread).
 */
export interface SeriesPoint {
  step: number;
  value: number;
}

export interface BandPoint {
  step: number;
  mean: number;
  std: number;
  lower: number;
  upper: number;
  /** How many runs logged this step. */
  count: number;
}

export function meanStdBand(series: readonly (readonly SeriesPoint[])[]): BandPoint[] {
  const byStep = new Map<number, number[]>();
  for (const points of series) {
    // A run that logged a step twice (a resumed run) counts once, with its last value.
    const last = new Map<number, number>();
    for (const point of points) if (Number.isFinite(point.value)) last.set(point.step, point.value);
    for (const [step, value] of last) {
      const values = byStep.get(step);
      if (values) values.push(value);
      else byStep.set(step, [value]);
    }
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, values]) => {
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const std =
        values.length < 2
          ? 0
          : Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
      return { step, mean, std, lower: mean - std, upper: mean + std, count: values.length };
    });
}

/**
 * Groups runs that differ only by their seed: the key is the run's params without the seed param,
 * serialised with sorted keys (at every depth) so `{a:1,b:2}` and `{b:2,a:1}` match.
 */
export function seedGroupKey(params: Record<string, unknown>, seedParam = 'seed'): string {
  const rest = Object.fromEntries(Object.entries(params).filter(([key]) => key !== seedParam));
  return canonicalJson(rest);
}

/** JSON with object keys sorted at every depth, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function groupBySeed<T>(items: readonly T[], paramsOf: (item: T) => Record<string, unknown>, seedParam = 'seed'): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = seedGroupKey(paramsOf(item), seedParam);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
