/**
 * Metrics of hard decisions: the confusion matrix and the rates read from it.
 *
 * Decision rules:
 * - binary scores: class 1 when score ≥ threshold (default 0.5, meant for probabilities; pass 0 for
 *   logits). A two-column matrix is thresholded on its second column.
 * - `probabilities[n][K]`, K > 2: the argmax; a tie goes to the lowest class index.
 *
 * Binary rates are those of the positive class 1 (sensitivity = recall of 1, specificity = recall
 * of 0). For K > 2 the scalar `sensitivity`, `specificity`, `precision` and `f1` are macro averages of
 * the one-vs-rest rates of each class, which `perClass()` lists. F1 is 2TP / (2TP + FP + FN), so it is
 * 0 — not undefined — for a class that exists but is never predicted.
 *
 * Undefined rates (0/0) follow `../errors.ts`: scalars throw `UndefinedMetricError`, per-class rows
 * hold null (their `support` and `predicted` counts show why).
 */
import { MetricInputError, UndefinedMetricError, type UndefinedMetricReason } from '../errors';
import { sweepThresholds } from './curves';
import {
  checkBinaryOutput,
  checkClassifierOutput,
  checkOptionInRange,
  type ClassificationInput,
  type ClassifierOutput,
  type Labels,
} from './inputs';

export interface DecisionOptions {
  /** Binary only: scores ≥ threshold are called positive. Default 0.5. */
  threshold?: number;
}

export const DEFAULT_THRESHOLD = 0.5;

/** One class against the rest, read from the matrix; null where the rate is 0/0. */
export interface ClassRates {
  classIndex: number;
  /** Cases whose label is this class. */
  support: number;
  /** Cases predicted as this class. */
  predicted: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** Recall of this class; null when support is 0. */
  sensitivity: number | null;
  /** Recall of every other class pooled; null when every case belongs to this class. */
  specificity: number | null;
  /** null when the class is never predicted. */
  precision: number | null;
  /** 2TP / (2TP + FP + FN); null only when the class is neither present nor predicted. */
  f1: number | null;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Counts of (actual, predicted) pairs: `counts[actual][predicted]`, the scikit-learn layout. */
export class ConfusionMatrix {
  readonly counts: number[][];
  readonly numClasses: number;
  readonly total: number;

  constructor(counts: number[][]) {
    const size = counts.length;
    if (size < 2 || counts.some((row) => row.length !== size)) {
      throw new MetricInputError('ConfusionMatrix', `counts must be a square K×K matrix with K ≥ 2`);
    }
    if (counts.some((row) => row.some((count) => !Number.isInteger(count) || count < 0))) {
      throw new MetricInputError('ConfusionMatrix', `counts must be non-negative integers`);
    }
    this.counts = counts.map((row) => [...row]);
    this.numClasses = size;
    this.total = counts.reduce((sum, row) => row.reduce((a, b) => a + b, sum), 0);
  }

  /** Tallies predicted against actual class indices, both in [0, numClasses). */
  static fromPredictions(predicted: Labels, labels: Labels, numClasses: number): ConfusionMatrix {
    if (predicted.length !== labels.length) {
      throw new MetricInputError('confusionMatrix', `predicted has ${predicted.length} cases but labels has ${labels.length}`);
    }
    const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
    const isClass = (value: number): boolean => Number.isInteger(value) && value >= 0 && value < numClasses;
    for (let i = 0; i < labels.length; i++) {
      if (!isClass(labels[i]) || !isClass(predicted[i])) {
        throw new MetricInputError(
          'confusionMatrix',
          `case ${i} has label ${labels[i]} and prediction ${predicted[i]}; both must be classes 0–${numClasses - 1}`,
        );
      }
      counts[labels[i]][predicted[i]] += 1;
    }
    return new ConfusionMatrix(counts);
  }

  rates(classIndex: number): ClassRates {
    const truePositives = this.counts[classIndex][classIndex];
    const support = this.counts[classIndex].reduce((a, b) => a + b, 0);
    const predicted = this.counts.reduce((sum, row) => sum + row[classIndex], 0);
    const falseNegatives = support - truePositives;
    const falsePositives = predicted - truePositives;
    const trueNegatives = this.total - support - falsePositives;
    return {
      classIndex,
      support,
      predicted,
      truePositives,
      falsePositives,
      trueNegatives,
      falseNegatives,
      sensitivity: ratio(truePositives, support),
      specificity: ratio(trueNegatives, trueNegatives + falsePositives),
      precision: ratio(truePositives, predicted),
      f1: ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
    };
  }

  perClass(): ClassRates[] {
    return Array.from({ length: this.numClasses }, (_, k) => this.rates(k));
  }

  accuracy(): number {
    if (this.total === 0) throw new MetricInputError('accuracy', 'the confusion matrix holds no cases');
    let correct = 0;
    for (let k = 0; k < this.numClasses; k++) correct += this.counts[k][k];
    return correct / this.total;
  }

  /** Mean recall over all classes ((sensitivity + specificity) / 2 for two classes). */
  balancedAccuracy(): number {
    return this.macro('balancedAccuracy', 'sensitivity');
  }

  sensitivity(): number {
    return this.isBinary() ? this.binaryRate('sensitivity', 'sensitivity') : this.macro('sensitivity', 'sensitivity');
  }

  specificity(): number {
    return this.isBinary() ? this.binaryRate('specificity', 'specificity') : this.macro('specificity', 'specificity');
  }

  precision(): number {
    return this.isBinary() ? this.binaryRate('precision', 'precision') : this.macro('precision', 'precision');
  }

  f1(): number {
    return this.isBinary() ? this.binaryRate('f1', 'f1') : this.macro('f1', 'f1');
  }

  /** The plain counts, for JSON. */
  toJSON(): number[][] {
    return this.counts.map((row) => [...row]);
  }

  private isBinary(): boolean {
    return this.numClasses === 2;
  }

  private binaryRate(metric: string, rate: 'sensitivity' | 'specificity' | 'precision' | 'f1'): number {
    const value = this.rates(1)[rate];
    if (value !== null) return value;
    const why: Record<typeof rate, [UndefinedMetricReason, string]> = {
      sensitivity: ['no-positive-cases', 'there are no positive (1) labels'],
      specificity: ['no-negative-cases', 'there are no negative (0) labels'],
      precision: ['no-predicted-positives', 'no case is predicted positive at this threshold'],
      f1: ['no-positive-cases', 'there are no positive (1) labels and no case is predicted positive'],
    };
    throw new UndefinedMetricError(metric, why[rate][0], why[rate][1]);
  }

  private macro(metric: string, rate: 'sensitivity' | 'specificity' | 'precision' | 'f1'): number {
    const perClass = this.perClass();
    const missing = perClass.filter((c) => c[rate] === null).map((c) => c.classIndex);
    if (missing.length > 0) {
      const unpredicted = rate === 'precision';
      throw new UndefinedMetricError(
        metric,
        unpredicted ? 'unpredicted-classes' : 'absent-classes',
        unpredicted
          ? `class(es) ${missing.join(', ')} are never predicted, so their precision is 0/0`
          : `class(es) ${missing.join(', ')} leave the ${rate} 0/0 (no case of the class, or no case outside it); ` +
            `evaluate on a set that contains every class`,
      );
    }
    return perClass.reduce((sum, c) => sum + (c[rate] as number), 0) / perClass.length;
  }
}

/** The decision threshold of `options` (default 0.5), checked to be finite. */
export function thresholdOf(metric: string, options: DecisionOptions | undefined): number {
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold)) throw new MetricInputError(metric, `threshold is ${String(threshold)}; it must be a finite number`);
  return threshold;
}

/** Predicted class per case under the decision rules above, for checked input. */
export function decide(input: ClassificationInput, threshold: number): Int32Array {
  const predicted = new Int32Array(input.labels.length);
  if (input.task === 'binary') {
    input.scores.forEach((score, i) => (predicted[i] = score >= threshold ? 1 : 0));
    return predicted;
  }
  input.probabilities.forEach((row, i) => {
    let best = 0;
    // Strict > keeps the lowest index on ties.
    for (let k = 1; k < input.numClasses; k++) if (row[k] > row[best]) best = k;
    predicted[i] = best;
  });
  return predicted;
}

/** Confusion matrix of a classifier output: thresholded (binary) or argmax (multi-class). */
export function confusionMatrix(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): ConfusionMatrix {
  const input = checkClassifierOutput('confusionMatrix', output, labels);
  const predicted = decide(input, thresholdOf('confusionMatrix', options));
  return ConfusionMatrix.fromPredictions(predicted, input.labels, input.numClasses);
}

export function accuracy(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).accuracy();
}

export function balancedAccuracy(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).balancedAccuracy();
}

/** Recall of the positive class (binary) or macro recall (multi-class). */
export function sensitivity(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).sensitivity();
}

/** Recall of the negative class (binary) or macro one-vs-rest specificity (multi-class). */
export function specificity(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).specificity();
}

export function precision(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).precision();
}

export function f1(output: ClassifierOutput, labels: Labels, options?: DecisionOptions): number {
  return confusionMatrix(output, labels, options).f1();
}

/** A threshold and what it achieves. */
export interface OperatingPoint {
  /** Call a case positive when score ≥ threshold; +Infinity (null in JSON) means "call nothing positive". */
  threshold: number;
  sensitivity: number;
  specificity: number;
  targetSpecificity: number;
}

/**
 * The most sensitive threshold whose specificity is at least `targetSpecificity`.
 *
 * Candidates are the observed scores (plus +Infinity, which calls nothing positive and always reaches
 * specificity 1), so the returned threshold reproduces the point through `confusionMatrix`. Tied
 * scores are called together — a tie is never split and no randomised decision is made — so the
 * achieved specificity can exceed the target. Among thresholds with the same best sensitivity the one
 * with the highest specificity (the highest such threshold) is returned.
 */
export function sensitivityAtSpecificity(scores: ClassifierOutput, labels: Labels, targetSpecificity: number): OperatingPoint {
  const metric = 'sensitivityAtSpecificity';
  checkOptionInRange(metric, 'targetSpecificity', targetSpecificity, 0, 1);
  const sweep = sweepThresholds(checkBinaryOutput(metric, scores, labels));
  if (sweep.positives === 0) throw new UndefinedMetricError(metric, 'no-positive-cases', 'there are no positive (1) labels');
  if (sweep.negatives === 0) throw new UndefinedMetricError(metric, 'no-negative-cases', 'there are no negative (0) labels');
  let best: OperatingPoint = { threshold: Number.POSITIVE_INFINITY, sensitivity: 0, specificity: 1, targetSpecificity };
  for (let j = 0; j < sweep.thresholds.length; j++) {
    const pointSpecificity = (sweep.negatives - sweep.falsePositives[j]) / sweep.negatives;
    // Specificity only falls as the threshold falls, so the first miss ends the search.
    if (pointSpecificity < targetSpecificity) break;
    const pointSensitivity = sweep.truePositives[j] / sweep.positives;
    // Strict >: an equal sensitivity further down only adds false positives.
    if (pointSensitivity > best.sensitivity) {
      best = { threshold: sweep.thresholds[j], sensitivity: pointSensitivity, specificity: pointSpecificity, targetSpecificity };
    }
  }
  return best;
}
