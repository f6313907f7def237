/**
 * What the sweep cell plots: only the params that actually vary across the trials (a space param
 * with one value, or one every trial happened to draw the same, is not an axis), then the metric.
 */
import { canonicalJson } from '../../charts/bands';
import { jsonObject } from '../../graphql/json-object';
import { dimensionOf, type Dimension } from '../parallel-coordinates/dimensions';

export interface TrialPoint {
  /** The space's params as the trial set them (JSON: an object). */
  params: unknown;
  value: number | null;
}

/** The space's params (in the space's order) that take at least two distinct values over the trials. */
export function variedParameters(parameters: readonly string[], trials: readonly TrialPoint[]): string[] {
  const params = trials.map((t) => jsonObject(t.params));
  return parameters.filter((key) => new Set(params.map((p) => (key in p ? canonicalJson(p[key]) : '\u0000absent'))).size > 1);
}

/** Axes of the sweep's parallel-coordinates plot: the varied params, then the metric (NaN where a trial has none). */
export function sweepDimensions(parameters: readonly string[], trials: readonly TrialPoint[], metric: string): Dimension[] {
  return [
    ...variedParameters(parameters, trials).map((key) => dimensionOf(key, trials.map((t) => jsonObject(t.params)[key]))),
    dimensionOf(metric, trials.map((t) => t.value ?? Number.NaN)),
  ];
}
