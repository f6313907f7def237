/**
 * Exact area under the ROC curve, tie-aware, in O(n log n).
 *
 * AUC is the probability that a random positive case scores above a random negative one, a tie
 * counting ½ — the Mann–Whitney U statistic over P·N. By ranks: U = R₊ − P(P+1)/2, with R₊ the sum
 * of the positives' midranks in the pooled sample (tied scores share the mean of their ranks). A
 * positive's pooled midrank is its midrank among the positives plus the negatives below it plus half
 * the negatives tied with it, and the positives' own midranks sum to P(P+1)/2, so
 *     U = Σ over positives of (negatives below + ½ · negatives tied).
 * That is what is computed: two native numeric sorts (positives, negatives) and one merge — the same
 * number as the rank-sum formula, much faster than an index sort with a comparator, which matters
 * inside a 1000-resample bootstrap. Counts are integers and halves, so the result is exact.
 *
 * Multi-class: one-vs-rest (column k against "label is k") per class, macro-averaged.
 *
 * Undefined values (see `../errors.ts`): with no positive or no negative case AUC is 0/0. `rocAuc`
 * then throws `UndefinedMetricError`; `oneVsRestRocAuc` reports `null` for that class and its reason.
 */
import { UndefinedMetricError, type UndefinedMetricReason } from '../errors';
import {
  checkClassifierOutput,
  checkMulticlass,
  oneVsRest,
  type ClassifierOutput,
  type Labels,
  type ProbabilityRows,
} from './inputs';

/** Why a binary AUC is undefined on these labels, or null when it is defined. */
function missingClass(labels: Uint8Array): { reason: UndefinedMetricReason; detail: string } | null {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  if (positives === 0) {
    return {
      reason: 'no-positive-cases',
      detail: `all ${labels.length} labels are 0; AUC needs at least one positive (1) and one negative (0) case`,
    };
  }
  if (positives === labels.length) {
    return {
      reason: 'no-negative-cases',
      detail: `all ${labels.length} labels are 1; AUC needs at least one positive (1) and one negative (0) case`,
    };
  }
  return null;
}

/** AUC of checked binary input that has both classes. */
function rankAuc(scores: Float64Array, labels: Uint8Array): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(labels.length - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positiveScores[p++] = scores[i];
    else negativeScores[q++] = scores[i];
  }
  positiveScores.sort();
  negativeScores.sort();
  // belowEnd: first negative ≥ the current positive; tieEnd: first negative > it. Both only advance.
  let belowEnd = 0;
  let tieEnd = 0;
  let mannWhitneyU = 0;
  for (let i = 0; i < positiveScores.length; i++) {
    const score = positiveScores[i];
    while (belowEnd < negativeScores.length && negativeScores[belowEnd] < score) belowEnd++;
    if (tieEnd < belowEnd) tieEnd = belowEnd;
    while (tieEnd < negativeScores.length && negativeScores[tieEnd] === score) tieEnd++;
    mannWhitneyU += belowEnd + 0.5 * (tieEnd - belowEnd);
  }
  return mannWhitneyU / (positiveScores.length * negativeScores.length);
}

function binaryRocAuc(metric: string, scores: Float64Array, labels: Uint8Array): number {
  const missing = missingClass(labels);
  if (missing) throw new UndefinedMetricError(metric, missing.reason, missing.detail);
  return rankAuc(scores, labels);
}

/** One class's one-vs-rest AUC; `auc` is null (with the reason) when the class is absent or alone. */
export interface ClassAuc {
  classIndex: number;
  auc: number | null;
  undefinedReason?: UndefinedMetricReason;
}

export interface OneVsRestAuc {
  perClass: ClassAuc[];
  /** Mean of the per-class AUCs; null when any of them is undefined (a partial mean would mislead). */
  macro: number | null;
}

/** Per-class one-vs-rest AUC of a probability matrix [n][K], and their macro average. */
export function oneVsRestRocAuc(probabilities: ProbabilityRows, labels: Labels): OneVsRestAuc {
  const input = checkMulticlass('oneVsRestRocAuc', probabilities, labels);
  const perClass: ClassAuc[] = [];
  for (let k = 0; k < input.numClasses; k++) {
    const column = oneVsRest(input.probabilities, input.labels, k);
    const missing = missingClass(column.labels);
    perClass.push(
      missing
        ? { classIndex: k, auc: null, undefinedReason: missing.reason === 'no-positive-cases' ? 'absent-classes' : missing.reason }
        : { classIndex: k, auc: rankAuc(column.scores, column.labels) },
    );
  }
  const defined = perClass.every((c) => c.auc !== null);
  const macro = defined ? perClass.reduce((sum, c) => sum + (c.auc as number), 0) / perClass.length : null;
  return { perClass, macro };
}

/**
 * ROC AUC of any classifier output: binary `scores[n]` (or `[n][2]`, scored by column 1) against
 * 0/1 labels, or the macro one-vs-rest AUC of `probabilities[n][K]`. Throws `UndefinedMetricError`
 * when a class needed for it has no case.
 */
export function rocAuc(output: ClassifierOutput, labels: Labels): number {
  const input = checkClassifierOutput('rocAuc', output, labels);
  if (input.task === 'binary') return binaryRocAuc('rocAuc', input.scores, input.labels);
  const { perClass, macro } = oneVsRestRocAuc(input.probabilities, input.labels);
  if (macro !== null) return macro;
  const absent = perClass.filter((c) => c.auc === null).map((c) => c.classIndex);
  throw new UndefinedMetricError(
    'rocAuc',
    'absent-classes',
    `one-vs-rest AUC needs every class among the labels (and at least two classes), but class(es) ` +
      `${absent.join(', ')} of 0–${perClass.length - 1} cannot be scored; evaluate on a set that contains every class`,
  );
}
