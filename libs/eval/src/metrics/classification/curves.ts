/**
 * ROC and precision–recall curves of binary scores, and average precision.
 *
 * Both curves walk the distinct scores from the highest down: at threshold t a case is called
 * positive when its score ≥ t. Tied scores cross the threshold together, so a tie is one point of
 * the curve (a diagonal segment on the ROC curve), never a staircase whose shape would depend on the
 * order of the input. Every distinct score gives a point; collinear points are kept (nothing is
 * thinned), so `thresholds` can be used to pick an operating point directly.
 */
import { UndefinedMetricError } from '../errors';
import {
  ascendingOrder,
  checkBinaryOutput,
  checkClassifierOutput,
  countClasses,
  oneVsRest,
  type BinaryInput,
  type ClassifierOutput,
  type Labels,
} from './inputs';

/** Cumulative counts at each distinct score, highest score first. */
export interface ThresholdSweep {
  /** Distinct scores, descending. */
  thresholds: number[];
  /** Positives with score ≥ thresholds[j]. */
  truePositives: number[];
  /** Negatives with score ≥ thresholds[j]. */
  falsePositives: number[];
  positives: number;
  negatives: number;
}

/** The counts behind every curve and operating point; input must be checked binary. */
export function sweepThresholds(input: BinaryInput): ThresholdSweep {
  const { scores, labels } = input;
  const order = ascendingOrder(scores);
  const sweep: ThresholdSweep = { thresholds: [], truePositives: [], falsePositives: [], positives: 0, negatives: 0 };
  let truePositives = 0;
  let falsePositives = 0;
  let end = order.length;
  while (end > 0) {
    // One group of tied scores, taken from the top of the ascending order.
    const score = scores[order[end - 1]];
    while (end > 0 && scores[order[end - 1]] === score) {
      if (labels[order[end - 1]] === 1) truePositives++;
      else falsePositives++;
      end--;
    }
    sweep.thresholds.push(score);
    sweep.truePositives.push(truePositives);
    sweep.falsePositives.push(falsePositives);
  }
  sweep.positives = truePositives;
  sweep.negatives = falsePositives;
  return sweep;
}

export interface RocCurve {
  /** False-positive rate per point, from 0 up to 1. */
  fpr: number[];
  /** True-positive rate per point, from 0 up to 1. */
  tpr: number[];
  /** Score threshold of each point; the first is +Infinity (nothing called positive: (0, 0); null in JSON). */
  thresholds: number[];
}

function requireBothClasses(metric: string, sweep: ThresholdSweep): void {
  if (sweep.positives === 0) {
    throw new UndefinedMetricError(metric, 'no-positive-cases', 'there are no positive (1) labels, so the true-positive rate is 0/0');
  }
  if (sweep.negatives === 0) {
    throw new UndefinedMetricError(metric, 'no-negative-cases', 'there are no negative (0) labels, so the false-positive rate is 0/0');
  }
}

/** The ROC curve from (0, 0) to (1, 1), one point per distinct score. */
export function rocCurve(scores: ClassifierOutput, labels: Labels): RocCurve {
  const sweep = sweepThresholds(checkBinaryOutput('rocCurve', scores, labels));
  requireBothClasses('rocCurve', sweep);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Number.POSITIVE_INFINITY] };
  sweep.thresholds.forEach((threshold, j) => {
    curve.fpr.push(sweep.falsePositives[j] / sweep.negatives);
    curve.tpr.push(sweep.truePositives[j] / sweep.positives);
    curve.thresholds.push(threshold);
  });
  // The lowest threshold calls every case positive, so the last point is (1, 1).
  return curve;
}

export interface PrecisionRecallCurve {
  /** Recall per point, from 0 up to 1. */
  recall: number[];
  /** Precision per point; the first point (recall 0) has precision 1 by convention. */
  precision: number[];
  /** Score threshold of each point, descending; the first is +Infinity (null in JSON). */
  thresholds: number[];
}

function requirePositives(metric: string, sweep: ThresholdSweep): void {
  if (sweep.positives === 0) {
    throw new UndefinedMetricError(metric, 'no-positive-cases', 'there are no positive (1) labels, so recall is 0/0');
  }
}

/**
 * Precision against recall, one point per distinct score, highest threshold first, after a leading
 * (recall 0, precision 1) point at +Infinity — the usual convention, so the curve starts on the axis.
 * Needs at least one positive label; negatives may be absent (precision is then 1 everywhere).
 */
export function precisionRecallCurve(scores: ClassifierOutput, labels: Labels): PrecisionRecallCurve {
  const sweep = sweepThresholds(checkBinaryOutput('precisionRecallCurve', scores, labels));
  requirePositives('precisionRecallCurve', sweep);
  const curve: PrecisionRecallCurve = { recall: [0], precision: [1], thresholds: [Number.POSITIVE_INFINITY] };
  sweep.thresholds.forEach((threshold, j) => {
    const truePositives = sweep.truePositives[j];
    // At a threshold equal to an observed score at least one case is called positive: no 0/0.
    curve.precision.push(truePositives / (truePositives + sweep.falsePositives[j]));
    curve.recall.push(truePositives / sweep.positives);
    curve.thresholds.push(threshold);
  });
  return curve;
}

/** AP = Σ_j (R_j − R_{j−1}) · P_j over the distinct thresholds: a step sum, no interpolation. */
function stepAveragePrecision(sweep: ThresholdSweep): number {
  let previousRecall = 0;
  let area = 0;
  sweep.thresholds.forEach((_, j) => {
    const truePositives = sweep.truePositives[j];
    const recall = truePositives / sweep.positives;
    area += (recall - previousRecall) * (truePositives / (truePositives + sweep.falsePositives[j]));
    previousRecall = recall;
  });
  return area;
}

/**
 * Average precision (area under the PR curve as a step sum, the definition scikit-learn uses) of
 * binary scores, or the macro one-vs-rest mean for `probabilities[n][K]`. Throws
 * `UndefinedMetricError` when a class has no positive case.
 */
export function averagePrecision(output: ClassifierOutput, labels: Labels): number {
  const input = checkClassifierOutput('averagePrecision', output, labels);
  if (input.task === 'binary') {
    const sweep = sweepThresholds(input);
    requirePositives('averagePrecision', sweep);
    return stepAveragePrecision(sweep);
  }
  const counts = countClasses(input.labels, input.numClasses);
  const absent = counts.flatMap((count, k) => (count === 0 ? [k] : []));
  if (absent.length > 0) {
    throw new UndefinedMetricError(
      'averagePrecision',
      'absent-classes',
      `class(es) ${absent.join(', ')} have no case among the labels, so their one-vs-rest recall is 0/0`,
    );
  }
  let sum = 0;
  for (let k = 0; k < input.numClasses; k++) {
    const column = oneVsRest(input.probabilities, input.labels, k);
    sum += stepAveragePrecision(sweepThresholds({ task: 'binary', numClasses: 2, ...column }));
  }
  return sum / input.numClasses;
}
