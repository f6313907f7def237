/**
 * ROC AUC with case weights, tie-aware: the weighted Mann–Whitney statistic
 *
 *   AUC_w = Σ_{i pos, j neg} w_i w_j ([s_i > s_j] + ½ [s_i = s_j]) / (Σ_pos w_i · Σ_neg w_j).
 *
 * With integer weights it equals `rocAuc` on the data with case i repeated w_i times (a weight of 0
 * drops the case). Computed in O(n log n): sort once, then walk the groups of tied scores carrying the
 * negative weight below.
 */
import { MetricInputError, UndefinedMetricError } from '../errors';
import { ascendingOrder, checkBinary } from '../classification/inputs';

export function weightedRocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>): number {
  const metric = 'weightedRocAuc';
  const input = checkBinary(metric, scores, labels);
  if (weights.length !== input.labels.length) {
    throw new MetricInputError(metric, `weights has ${weights.length} cases but scores has ${input.labels.length}`);
  }
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i]) || weights[i] < 0) {
      throw new MetricInputError(metric, `weights[${i}] is ${String(weights[i])}; weights must be finite and ≥ 0`);
    }
  }
  const order = ascendingOrder(input.scores);
  let negativeBelow = 0;
  let positiveTotal = 0;
  let statistic = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    let groupPositive = 0;
    let groupNegative = 0;
    while (end < order.length && input.scores[order[end]] === input.scores[order[start]]) {
      const i = order[end];
      if (input.labels[i] === 1) groupPositive += weights[i];
      else groupNegative += weights[i];
      end++;
    }
    statistic += groupPositive * (negativeBelow + 0.5 * groupNegative);
    negativeBelow += groupNegative;
    positiveTotal += groupPositive;
    start = end;
  }
  if (positiveTotal === 0) {
    throw new UndefinedMetricError(
      metric,
      'no-positive-cases', 'the positive cases carry no weight; AUC needs positive and negative weight',
    );
  }
  if (negativeBelow === 0) {
    throw new UndefinedMetricError(
      metric,
      'no-negative-cases', 'the negative cases carry no weight; AUC needs positive and negative weight',
    );
  }
  return statistic / (positiveTotal * negativeBelow);
}
