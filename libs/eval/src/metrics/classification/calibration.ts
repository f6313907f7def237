/**
 * Calibration: expected calibration error with equal-width bins, and the reliability-diagram bins.
 *
 *   ECE = Σ_b |B_b|/n · |observed(B_b) − confidence(B_b)|     (MCE = max_b of the same gap)
 *
 * Two readings of "confidence", chosen by `mode`:
 * - 'top-label' (the default for `probabilities[n][K]`, K > 2; Guo et al. 2017): the confidence of a
 *   case is its largest class probability, and observed(B) is the accuracy of the argmax prediction
 *   (ties to the lowest class) in the bin.
 * - 'positive-class' (the default for binary scores and `[n][2]`): the confidence is P(class 1) and
 *   observed(B) is the fraction of positive labels in the bin — the usual binary reliability diagram,
 *   which also shows miscalibration below 0.5 that the top-label view folds onto [0.5, 1].
 * Binary input may ask for 'top-label' too (confidence max(p, 1 − p), prediction p ≥ 0.5).
 *
 * Bins split [0, 1] into `bins` equal widths, closed on the left: bin b holds b/B ≤ c < (b+1)/B,
 * and the last bin also holds c = 1. Empty bins are listed (count 0, null means) and weigh nothing.
 */
import { MetricInputError } from '../errors';
import { checkClassifierOutput, type ClassificationInput, type ClassifierOutput, type Labels } from './inputs';
import { decide } from './threshold-metrics';

export type CalibrationMode = 'positive-class' | 'top-label';

export interface CalibrationOptions {
  /** Number of equal-width bins over [0, 1]; default 15. */
  bins?: number;
  /** Default: 'positive-class' for binary input, 'top-label' for K > 2 classes. */
  mode?: CalibrationMode;
}

export const DEFAULT_CALIBRATION_BINS = 15;

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence of the cases in the bin; null when empty. */
  meanConfidence: number | null;
  /** Fraction of positives ('positive-class') or of correct predictions ('top-label'); null when empty. */
  observedFrequency: number | null;
}

export interface ReliabilityDiagram {
  mode: CalibrationMode;
  /** Expected calibration error: count-weighted mean |observedFrequency − meanConfidence|. */
  ece: number;
  /** Maximum calibration error: the largest gap over non-empty bins. */
  mce: number;
  bins: ReliabilityBin[];
}

/** Per case: the confidence that gets binned and whether the event it predicts happened (0/1). */
function confidencesAndOutcomes(
  metric: string,
  input: ClassificationInput,
  mode: CalibrationMode,
): { confidence: Float64Array; outcome: Uint8Array } {
  const n = input.labels.length;
  const confidence = new Float64Array(n);
  const outcome = new Uint8Array(n);
  const checkProbability = (value: number, where: string): void => {
    if (value < 0 || value > 1) {
      throw new MetricInputError(metric, `${where} is ${value}; calibration needs probabilities in [0, 1] (apply a sigmoid or softmax first)`);
    }
  };
  if (input.task === 'binary') {
    input.scores.forEach((p, i) => checkProbability(p, `scores[${i}]`));
    if (mode === 'positive-class') {
      confidence.set(input.scores);
      outcome.set(input.labels);
    } else {
      const predicted = decide(input, 0.5);
      input.scores.forEach((p, i) => {
        confidence[i] = Math.max(p, 1 - p);
        outcome[i] = predicted[i] === input.labels[i] ? 1 : 0;
      });
    }
    return { confidence, outcome };
  }
  if (mode === 'positive-class') {
    throw new MetricInputError(
      metric,
      `mode 'positive-class' needs binary scores, but the probabilities have ${input.numClasses} columns; use 'top-label'`,
    );
  }
  const predicted = decide(input, 0.5);
  input.probabilities.forEach((row, i) => {
    for (let k = 0; k < input.numClasses; k++) checkProbability(row[k], `probabilities[${i}][${k}]`);
    confidence[i] = row[predicted[i]];
    outcome[i] = predicted[i] === input.labels[i] ? 1 : 0;
  });
  return { confidence, outcome };
}

function calibrate(metric: string, output: ClassifierOutput, labels: Labels, options: CalibrationOptions): ReliabilityDiagram {
  const binCount = options.bins ?? DEFAULT_CALIBRATION_BINS;
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new MetricInputError(metric, `bins is ${String(binCount)}; it must be a positive integer`);
  }
  const input = checkClassifierOutput(metric, output, labels);
  const mode = options.mode ?? (input.task === 'binary' ? 'positive-class' : 'top-label');
  const { confidence, outcome } = confidencesAndOutcomes(metric, input, mode);

  const counts = new Float64Array(binCount);
  const confidenceSums = new Float64Array(binCount);
  const outcomeSums = new Float64Array(binCount);
  confidence.forEach((c, i) => {
    const b = Math.min(Math.floor(c * binCount), binCount - 1);
    counts[b] += 1;
    confidenceSums[b] += c;
    outcomeSums[b] += outcome[i];
  });

  const n = confidence.length;
  let ece = 0;
  let mce = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const count = counts[b];
    const meanConfidence = count > 0 ? confidenceSums[b] / count : null;
    const observedFrequency = count > 0 ? outcomeSums[b] / count : null;
    if (meanConfidence !== null && observedFrequency !== null) {
      const gap = Math.abs(observedFrequency - meanConfidence);
      ece += (count / n) * gap;
      mce = Math.max(mce, gap);
    }
    bins.push({ lower: b / binCount, upper: (b + 1) / binCount, count, meanConfidence, observedFrequency });
  }
  return { mode, ece, mce, bins };
}

/** Reliability-diagram bins with ECE and MCE. */
export function reliabilityDiagram(output: ClassifierOutput, labels: Labels, options: CalibrationOptions = {}): ReliabilityDiagram {
  return calibrate('reliabilityDiagram', output, labels, options);
}

/** Expected calibration error (see the module comment for the binning and the two modes). */
export function expectedCalibrationError(output: ClassifierOutput, labels: Labels, options: CalibrationOptions = {}): number {
  return calibrate('expectedCalibrationError', output, labels, options).ece;
}
