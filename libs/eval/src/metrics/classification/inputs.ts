/**
 * The shapes every classification metric accepts — plain arrays, as Captum/Quantus metrics take
 * plain tensors — and the checks that turn a wrong shape into a message naming the metric and index.
 *
 * - Binary: `scores[n]` (any real number, higher = more positive: a probability, a logit, a
 *   similarity) with `labels[n]` in {0, 1}; 1 is the positive class.
 * - Multi-class: `probabilities[n][K]` (K ≥ 2, one row per case) with integer `labels[n]` in [0, K).
 * - A two-column matrix `[n][2]` is a binary problem scored by its second column (P(class 1)), so a
 *   softmax over two classes gives the same numbers as its positive-class probability.
 */
import { MetricInputError } from '../errors';

/** One score per case; higher means "more positive". */
export type Scores = ArrayLike<number>;
/** One row of K class scores (usually probabilities) per case. */
export type ProbabilityRows = ReadonlyArray<ArrayLike<number>>;
/** Either of the two shapes a classifier emits. */
export type ClassifierOutput = Scores | ProbabilityRows;
/** One class index per case. */
export type Labels = ArrayLike<number>;

export interface BinaryInput {
  task: 'binary';
  numClasses: 2;
  scores: Float64Array;
  /** 0 or 1 per case. */
  labels: Uint8Array;
}

export interface MulticlassInput {
  task: 'multiclass';
  numClasses: number;
  probabilities: ProbabilityRows;
  labels: Int32Array;
}

export type ClassificationInput = BinaryInput | MulticlassInput;

export function isProbabilityRows(output: ClassifierOutput): output is ProbabilityRows {
  return output.length > 0 && typeof output[0] !== 'number';
}

function checkSameLength(metric: string, what: string, length: number, labels: Labels): void {
  if (length === 0) throw new MetricInputError(metric, `no cases: ${what} and labels are empty`);
  if (length !== labels.length) {
    throw new MetricInputError(metric, `${what} has ${length} cases but labels has ${labels.length}`);
  }
}

/** Validates binary scores and 0/1 labels and copies them into typed arrays. */
export function checkBinary(metric: string, scores: Scores, labels: Labels): BinaryInput {
  checkSameLength(metric, 'scores', scores.length, labels);
  const checkedScores = new Float64Array(scores.length);
  const checkedLabels = new Uint8Array(labels.length);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    // Finite only: ±Infinity would collide with the ±Infinity sentinel thresholds of the curves.
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new MetricInputError(metric, `scores[${i}] is ${String(score)}; scores must be finite numbers`);
    }
    const label = labels[i];
    if (label !== 0 && label !== 1) {
      throw new MetricInputError(
        metric,
        `labels[${i}] is ${String(label)}; binary labels must be 0 (negative) or 1 (positive)`,
      );
    }
    checkedScores[i] = score;
    checkedLabels[i] = label;
  }
  return { task: 'binary', numClasses: 2, scores: checkedScores, labels: checkedLabels };
}

/** Validates a probability matrix (K ≥ 2 columns, finite entries) and integer labels in [0, K). */
export function checkMulticlass(metric: string, probabilities: ProbabilityRows, labels: Labels): MulticlassInput {
  checkSameLength(metric, 'probabilities', probabilities.length, labels);
  const numClasses = probabilities[0].length;
  if (numClasses < 2) {
    throw new MetricInputError(metric, `probabilities have ${numClasses} column(s); a classifier needs at least 2`);
  }
  const checkedLabels = new Int32Array(labels.length);
  for (let i = 0; i < probabilities.length; i++) {
    const row = probabilities[i];
    if (row.length !== numClasses) {
      throw new MetricInputError(
        metric,
        `probabilities[${i}] has ${row.length} columns but probabilities[0] has ${numClasses}`,
      );
    }
    for (let k = 0; k < numClasses; k++) {
      if (!Number.isFinite(row[k])) {
        throw new MetricInputError(metric, `probabilities[${i}][${k}] is ${String(row[k])}; entries must be finite numbers`);
      }
    }
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new MetricInputError(
        metric,
        `labels[${i}] is ${String(label)}, but the probabilities have ${numClasses} columns (classes 0–${numClasses - 1})`,
      );
    }
    checkedLabels[i] = label;
  }
  return { task: 'multiclass', numClasses, probabilities, labels: checkedLabels };
}

/** Scores in [n] or [n][K] form, checked; a two-column matrix becomes binary (second column). */
export function checkClassifierOutput(metric: string, output: ClassifierOutput, labels: Labels): ClassificationInput {
  if (!isProbabilityRows(output)) return checkBinary(metric, output, labels);
  if (output[0].length === 2) return checkBinary(metric, output.map((row) => row[1]), labels);
  return checkMulticlass(metric, output, labels);
}

/** Like `checkClassifierOutput`, for metrics that exist only for two classes (curves, operating points). */
export function checkBinaryOutput(metric: string, output: ClassifierOutput, labels: Labels): BinaryInput {
  const input = checkClassifierOutput(metric, output, labels);
  if (input.task === 'multiclass') {
    throw new MetricInputError(
      metric,
      `is defined for two classes, but the probabilities have ${input.numClasses} columns; ` +
        `score one class against the rest with oneVsRest(probabilities, labels, classIndex)`,
    );
  }
  return input;
}

/** Class k against the rest: column k as the score, "label is k" as the positive class. */
export function oneVsRest(
  probabilities: ProbabilityRows,
  labels: Labels,
  classIndex: number,
): { scores: Float64Array; labels: Uint8Array } {
  const scores = new Float64Array(probabilities.length);
  const isClass = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    scores[i] = probabilities[i][classIndex];
    isClass[i] = labels[i] === classIndex ? 1 : 0;
  }
  return { scores, labels: isClass };
}

/** How many cases carry each label 0..numClasses-1. */
export function countClasses(labels: Labels, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]] += 1;
  return counts;
}

/** Checks that a user-supplied option is a number in [min, max]. */
export function checkOptionInRange(metric: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new MetricInputError(metric, `${name} is ${String(value)}; it must be a number in [${min}, ${max}]`);
  }
}

/** Indices 0..n-1 ordered by ascending value (ties in any order: callers group them). */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a] - values[b]);
}
