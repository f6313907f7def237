/**
 * Typed errors shared by every metric family. Two kinds, kept apart on purpose:
 * - `MetricInputError`: the caller passed something wrong (mismatched lengths, a NaN score, a label
 *   outside the label space). Fix the input.
 * - `UndefinedMetricError`: the input is valid but the metric has no value on it (AUC when every
 *   case is positive, precision when nothing is predicted positive). The data, not the code, decides.
 *
 * Policy for undefined values, used throughout `metrics/`: a function that returns a single number
 * either returns a meaningful number or throws `UndefinedMetricError` — never a silent NaN that
 * would flow into means and bootstrap intervals. Functions that return a table (per-class rows, the
 * classification report) put `null` in the undefined cells and say why next to them, so one absent
 * class does not hide the values of the others.
 */

/** Base class: anything a metric refuses to compute. */
export class MetricError extends Error {
  override name = 'MetricError';
}

/** Input the metric cannot accept; the message names the metric, the argument and the index. */
export class MetricInputError extends MetricError {
  override name = 'MetricInputError';
  readonly metric: string;
  /** The problem without the metric-name prefix. */
  readonly problem: string;
  constructor(metric: string, problem: string) {
    super(`${metric}: ${problem}`);
    this.metric = metric;
    this.problem = problem;
  }
}

/** Why a metric has no value on otherwise valid input. */
export type UndefinedMetricReason =
  | 'no-positive-cases'
  | 'no-negative-cases'
  | 'no-predicted-positives'
  | 'absent-classes'
  | 'unpredicted-classes'
  | 'no-defined-resamples'
  | 'binary-only'
  | 'not-probabilities'
  | 'empty-saliency';

/** The metric is 0/0 (or otherwise undefined) on this data; `reason` is machine-readable. */
export class UndefinedMetricError extends MetricError {
  override name = 'UndefinedMetricError';
  readonly metric: string;
  readonly reason: UndefinedMetricReason;
  /** The explanation without the metric-name prefix. */
  readonly detail: string;
  constructor(metric: string, reason: UndefinedMetricReason, detail: string) {
    super(`${metric} is undefined: ${detail}`);
    this.metric = metric;
    this.reason = reason;
    this.detail = detail;
  }
}
