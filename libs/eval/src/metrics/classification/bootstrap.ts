/**
 * Seeded percentile bootstrap confidence intervals for any metric of (outputs, labels).
 *
 * Cases are resampled with replacement, stratified by label by default: each class keeps its exact
 * count in every resample, so a rank metric such as AUC is defined in every resample and the interval
 * reflects uncertainty in the scores, not in the class balance. The interval is the pair of
 * (1 ± confidence)/2 percentiles of the resampled values (linear interpolation between order
 * statistics, numpy's default). The same seed gives the same interval on any machine: the generator is
 * a 32-bit mulberry32 and the draws do not depend on the metric.
 */
import { MetricInputError, UndefinedMetricError } from '../errors';
import { rocAuc } from './auc';
import { ascendingOrder, checkClassifierOutput, checkOptionInRange, oneVsRest, type ClassifierOutput, type Labels } from './inputs';

// Bound once: a global lookup per draw is many times slower inside vm sandboxes such as Jest's.
const { floor, imul } = Math;

/** mulberry32: a tiny, fast 32-bit generator; uniform in [0, 1). Good enough for resampling. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** Seed of the generator (an unsigned 32-bit integer); default 0. */
  seed?: number;
  /** Coverage of the interval; default 0.95. */
  confidence?: number;
  /** Resample within each label value (default true) or from all cases at once. */
  stratify?: boolean;
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;

export interface BootstrapInterval {
  /** The metric on the original data. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  /**
   * Resamples on which the metric had a value. The others (the metric threw `UndefinedMetricError`
   * or returned NaN, e.g. precision when nothing was predicted positive) are left out.
   */
  definedResamples: number;
  seed: number;
  stratified: boolean;
}

/** A metric of (outputs, labels): `rocAuc`, `f1`, or any closure over options. */
export type CaseMetric<Output> = (outputs: Output[], labels: number[]) => number;

/** Value at quantile q of ascending `sorted`, interpolating linearly between order statistics. */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Case indices grouped by label, groups in ascending label order so draws do not depend on input order. */
function strata(labels: Labels, stratify: boolean): number[][] {
  if (!stratify) return [Array.from({ length: labels.length }, (_, i) => i)];
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const group = groups.get(labels[i]);
    if (group) group.push(i);
    else groups.set(labels[i], [i]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((label) => groups.get(label) as number[]);
}

interface ResolvedOptions {
  resamples: number;
  seed: number;
  confidence: number;
  stratified: boolean;
}

function resolveOptions(name: string, options: BootstrapOptions, cases: number, labels: number): ResolvedOptions {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new MetricInputError(name, `resamples is ${String(resamples)}; it must be a positive integer`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new MetricInputError(name, `seed is ${String(seed)}; it must be an integer in [0, 4294967295]`);
  }
  checkOptionInRange(name, 'confidence', confidence, 0, 1);
  if (cases !== labels || cases === 0) {
    throw new MetricInputError(name, `outputs has ${cases} cases and labels has ${labels}; need the same, non-zero count`);
  }
  return { resamples, seed, confidence, stratified: options.stratify ?? true };
}

/**
 * Runs `evaluate` once per resample, handing it the drawn case indices (with repeats). Every
 * bootstrap here draws through this one function, so the same seed resamples the same cases whatever
 * the metric. `evaluate` returns null (or throws `UndefinedMetricError`) when the metric is undefined.
 */
function resampleValues(
  name: string,
  labels: Labels,
  settings: ResolvedOptions,
  evaluate: (indices: Uint32Array) => number | null,
): number[] {
  const random = mulberry32(settings.seed);
  const groups = strata(labels, settings.stratified);
  const indices = new Uint32Array(labels.length);
  const values: number[] = [];
  for (let r = 0; r < settings.resamples; r++) {
    let filled = 0;
    for (const group of groups) {
      for (let j = 0; j < group.length; j++) indices[filled++] = group[floor(random() * group.length)];
    }
    try {
      const value = evaluate(indices);
      if (value !== null && !Number.isNaN(value)) values.push(value);
    } catch (error) {
      if (!(error instanceof UndefinedMetricError)) throw error;
    }
  }
  if (values.length === 0) {
    throw new UndefinedMetricError(name, 'no-defined-resamples', `the metric was undefined on all ${settings.resamples} resamples`);
  }
  return values;
}

function percentileInterval(estimate: number, values: number[], settings: ResolvedOptions): BootstrapInterval {
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - settings.confidence) / 2;
  return {
    estimate,
    lower: quantileOfSorted(sorted, tail),
    upper: quantileOfSorted(sorted, 1 - tail),
    confidence: settings.confidence,
    resamples: settings.resamples,
    definedResamples: values.length,
    seed: settings.seed,
    stratified: settings.stratified,
  };
}

/** Percentile bootstrap interval of `metric` over the cases (outputs[i], labels[i]). */
export function bootstrapCi<Output>(
  metric: CaseMetric<Output>,
  outputs: ArrayLike<Output>,
  labels: Labels,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const name = 'bootstrapCi';
  const settings = resolveOptions(name, options, outputs.length, labels.length);
  const allOutputs = Array.from(outputs);
  const allLabels = Array.from(labels);
  const estimate = metric(allOutputs, allLabels);
  const values = resampleValues(name, labels, settings, (indices) => {
    const sampleOutputs = new Array<Output>(indices.length);
    const sampleLabels = new Array<number>(indices.length);
    indices.forEach((i, j) => {
      sampleOutputs[j] = allOutputs[i];
      sampleLabels[j] = allLabels[i];
    });
    return metric(sampleOutputs, sampleLabels);
  });
  return percentileInterval(estimate, values, settings);
}

/** One score column sorted once, with its tie groups, for re-weighting on every resample. */
interface RankedColumn {
  /** Case indices by ascending score. */
  order: Uint32Array;
  /** Exclusive end (in `order`) of each group of tied scores. */
  groupEnds: number[];
  /** 1 where the case is a positive for this column. */
  positive: Uint8Array;
}

function rankColumn(scores: Float64Array, positive: Uint8Array): RankedColumn {
  const order = ascendingOrder(scores);
  const groupEnds: number[] = [];
  for (let j = 1; j <= order.length; j++) {
    if (j === order.length || scores[order[j]] !== scores[order[j - 1]]) groupEnds.push(j);
  }
  return { order, groupEnds, positive };
}

/**
 * AUC of a resample given as a multiplicity per case: the Mann–Whitney count over tie groups,
 * U = Σ_groups pos_g · (negatives below + ½ neg_g). Integers and halves, so it is exactly the value
 * `rocAuc` computes on the materialised resample. Null when a class is missing.
 */
function weightedAuc(column: RankedColumn, multiplicity: Uint32Array): number | null {
  let negativesBelow = 0;
  let positives = 0;
  let mannWhitneyU = 0;
  let start = 0;
  for (const end of column.groupEnds) {
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let j = start; j < end; j++) {
      const i = column.order[j];
      if (column.positive[i] === 1) groupPositives += multiplicity[i];
      else groupNegatives += multiplicity[i];
    }
    mannWhitneyU += groupPositives * (negativesBelow + 0.5 * groupNegatives);
    negativesBelow += groupNegatives;
    positives += groupPositives;
    start = end;
  }
  return positives > 0 && negativesBelow > 0 ? mannWhitneyU / (positives * negativesBelow) : null;
}

/**
 * Bootstrap interval of `rocAuc` (binary, or macro one-vs-rest for `probabilities[n][K]`) — the same
 * resamples and the same numbers as `bootstrapCi(rocAuc, …)` with the same options, but each column
 * is sorted once and every resample is an O(n) re-weighting instead of a fresh sort: 1000 resamples
 * of a large test set take a fraction of a second per class instead of seconds.
 */
export function bootstrapRocAuc(output: ClassifierOutput, labels: Labels, options: BootstrapOptions = {}): BootstrapInterval {
  const name = 'bootstrapRocAuc';
  const input = checkClassifierOutput(name, output, labels);
  const settings = resolveOptions(name, options, input.labels.length, input.labels.length);
  const estimate = rocAuc(output, labels);
  const columns =
    input.task === 'binary'
      ? [rankColumn(input.scores, input.labels)]
      : Array.from({ length: input.numClasses }, (_, k) => {
          const column = oneVsRest(input.probabilities, input.labels, k);
          return rankColumn(column.scores, column.labels);
        });
  const multiplicity = new Uint32Array(input.labels.length);
  const values = resampleValues(name, input.labels, settings, (indices) => {
    multiplicity.fill(0);
    for (let j = 0; j < indices.length; j++) multiplicity[indices[j]] += 1;
    let sum = 0;
    for (const column of columns) {
      const auc = weightedAuc(column, multiplicity);
      if (auc === null) return null;
      sum += auc;
    }
    return sum / columns.length;
  });
  return percentileInterval(estimate, values, settings);
}
