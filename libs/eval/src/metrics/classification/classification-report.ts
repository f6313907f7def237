/**
 * The standard classification metrics at once, from `scores[n]` (binary) or `probabilities[n][K]`.
 *
 * The top-level keys of `ClassificationReport` (listed in `CLASSIFICATION_REPORT_KEYS`) are a
 * contract: `protoscope evaluate --json` prints them as they are. Rename nothing; add keys at the end.
 * A metric that is undefined on the data (e.g. AUC when the set has no positive case) is `null`, and
 * `undefinedMetrics[key]` says why — the report never throws for such data and never holds NaN, so
 * it survives `JSON.stringify` unchanged.
 *
 * For K > 2 classes the scalar `auc`, `averagePrecision`, `sensitivity`, `specificity`, `precision`
 * and `f1` are macro averages over classes (one-vs-rest); `perClass` holds each class's values.
 */
import { UndefinedMetricError, type UndefinedMetricReason } from '../errors';
import { oneVsRestRocAuc, rocAuc } from './auc';
import { bootstrapRocAuc, DEFAULT_BOOTSTRAP_RESAMPLES } from './bootstrap';
import { DEFAULT_CALIBRATION_BINS, reliabilityDiagram, type ReliabilityDiagram } from './calibration';
import { averagePrecision, precisionRecallCurve, rocCurve, type PrecisionRecallCurve, type RocCurve } from './curves';
import {
  checkClassifierOutput,
  checkOptionInRange,
  countClasses,
  oneVsRest,
  type ClassificationInput,
  type ClassifierOutput,
  type Labels,
} from './inputs';
import {
  ConfusionMatrix,
  decide,
  sensitivityAtSpecificity,
  thresholdOf,
  type OperatingPoint,
} from './threshold-metrics';

export interface ClassificationReportOptions {
  /** Binary decision threshold (score ≥ threshold → positive); default 0.5. Ignored for K > 2 (argmax). */
  threshold?: number;
  /** Specificity the `sensitivityAtSpecificity` operating point must reach; default 0.9. */
  targetSpecificity?: number;
  /** Bootstrap of the AUC interval (stratified, percentile); `false` skips it. Default 1000 resamples, seed 0. */
  bootstrap?: { resamples?: number; seed?: number } | false;
  /** Equal-width calibration bins; default 15. */
  calibrationBins?: number;
  /** Add ROC and PR curve points (binary: top level; K > 2: one-vs-rest per class). Default false. */
  includeCurves?: boolean;
}

export const DEFAULT_TARGET_SPECIFICITY = 0.9;

export interface AucInterval95 {
  lower: number;
  upper: number;
  resamples: number;
  /** Resamples on which the AUC was defined (all of them, thanks to stratification). */
  definedResamples: number;
  seed: number;
}

export interface PerClassReport {
  classIndex: number;
  /** Cases labelled with this class. */
  support: number;
  /** Cases predicted as this class. */
  predicted: number;
  /** One-vs-rest AUC; null when the class has no case (or every case). */
  auc: number | null;
  sensitivity: number | null;
  specificity: number | null;
  precision: number | null;
  f1: number | null;
  rocCurve?: RocCurve | null;
  prCurve?: PrecisionRecallCurve | null;
}

export interface UndefinedMetricNote {
  reason: UndefinedMetricReason;
  message: string;
}

export interface ClassificationReport {
  task: 'binary' | 'multiclass';
  numCases: number;
  numClasses: number;
  /** Cases per label, index = class. */
  classCounts: number[];
  /** The binary decision threshold used; null for K > 2 (argmax). */
  threshold: number | null;
  auc: number | null;
  /** Bootstrap 95 % interval of `auc`; null when `auc` is null or the bootstrap is switched off. */
  aucCi95: AucInterval95 | null;
  averagePrecision: number | null;
  accuracy: number;
  balancedAccuracy: number | null;
  sensitivity: number | null;
  specificity: number | null;
  precision: number | null;
  f1: number | null;
  /** Binary only: the most sensitive threshold reaching the target specificity. */
  sensitivityAtSpecificity: OperatingPoint | null;
  /** Expected calibration error (`calibration.mode` says which confidence was binned); null for non-probabilities. */
  ece: number | null;
  calibration: ReliabilityDiagram | null;
  /** counts[actual][predicted]. */
  confusionMatrix: number[][];
  perClass: PerClassReport[];
  /** For each null metric above, why it is null. */
  undefinedMetrics: Record<string, UndefinedMetricNote>;
  /** Binary, with `includeCurves`. */
  rocCurve?: RocCurve | null;
  prCurve?: PrecisionRecallCurve | null;
}

/** The contract keys, in the order the report holds them (curves come last, only on request). */
export const CLASSIFICATION_REPORT_KEYS = [
  'task',
  'numCases',
  'numClasses',
  'classCounts',
  'threshold',
  'auc',
  'aucCi95',
  'averagePrecision',
  'accuracy',
  'balancedAccuracy',
  'sensitivity',
  'specificity',
  'precision',
  'f1',
  'sensitivityAtSpecificity',
  'ece',
  'calibration',
  'confusionMatrix',
  'perClass',
  'undefinedMetrics',
] as const satisfies ReadonlyArray<keyof ClassificationReport>;

function holdsProbabilities(input: ClassificationInput): boolean {
  const isProbability = (value: number): boolean => value >= 0 && value <= 1;
  if (input.task === 'binary') return input.scores.every(isProbability);
  return input.probabilities.every((row) => Array.prototype.every.call(row, isProbability));
}

/** Runs `compute`; an undefined metric becomes null with a note, any other error propagates. */
function orNull<T>(notes: Record<string, UndefinedMetricNote>, key: string, compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof UndefinedMetricError)) throw error;
    notes[key] = { reason: error.reason, message: error.message };
    return null;
  }
}

export function classificationReport(
  output: ClassifierOutput,
  labels: Labels,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const metric = 'classificationReport';
  const input = checkClassifierOutput(metric, output, labels);
  const threshold = thresholdOf(metric, options);
  const targetSpecificity = options.targetSpecificity ?? DEFAULT_TARGET_SPECIFICITY;
  checkOptionInRange(metric, 'targetSpecificity', targetSpecificity, 0, 1);
  const binary = input.task === 'binary';
  // What every scoring metric below receives: binary scores, or the K-column matrix.
  const scored: ClassifierOutput = binary ? input.scores : input.probabilities;
  const caseLabels = Array.from(input.labels);
  const notes: Record<string, UndefinedMetricNote> = {};

  const matrix = ConfusionMatrix.fromPredictions(decide(input, threshold), input.labels, input.numClasses);
  const auc = orNull(notes, 'auc', () => rocAuc(scored, caseLabels));

  let aucCi95: AucInterval95 | null = null;
  if (auc !== null && options.bootstrap !== false) {
    const bootstrapOptions = {
      resamples: options.bootstrap?.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES,
      seed: options.bootstrap?.seed ?? 0,
      confidence: 0.95,
    };
    const interval = bootstrapRocAuc(scored, caseLabels, bootstrapOptions);
    aucCi95 = {
      lower: interval.lower,
      upper: interval.upper,
      resamples: interval.resamples,
      definedResamples: interval.definedResamples,
      seed: interval.seed,
    };
  }

  const perClassAuc = binary
    ? // Class 0 scored by −score ranks the pairs in reverse and counts the same pairs: the same AUC.
      [auc, auc]
    : oneVsRestRocAuc(input.probabilities, input.labels).perClass.map((c) => c.auc);

  let sensitivityAtTarget: OperatingPoint | null = null;
  if (binary) {
    sensitivityAtTarget = orNull(notes, 'sensitivityAtSpecificity', () =>
      sensitivityAtSpecificity(scored, caseLabels, targetSpecificity),
    );
  } else {
    notes['sensitivityAtSpecificity'] = {
      reason: 'binary-only',
      message: `sensitivityAtSpecificity is defined for two classes; this output has ${input.numClasses}`,
    };
  }

  let calibration: ReliabilityDiagram | null = null;
  if (holdsProbabilities(input)) {
    calibration = reliabilityDiagram(scored, caseLabels, { bins: options.calibrationBins ?? DEFAULT_CALIBRATION_BINS });
  } else {
    // Scores such as logits or similarities rank cases fine but have no calibration to measure.
    notes['ece'] = {
      reason: 'not-probabilities',
      message: 'ece needs probabilities in [0, 1]; these scores fall outside (apply a sigmoid or softmax first)',
    };
  }

  const perClass: PerClassReport[] = matrix.perClass().map((rates, k) => ({
    classIndex: k,
    support: rates.support,
    predicted: rates.predicted,
    auc: perClassAuc[k],
    sensitivity: rates.sensitivity,
    specificity: rates.specificity,
    precision: rates.precision,
    f1: rates.f1,
  }));

  const report: ClassificationReport = {
    task: input.task,
    numCases: input.labels.length,
    numClasses: input.numClasses,
    classCounts: countClasses(input.labels, input.numClasses),
    threshold: binary ? threshold : null,
    auc,
    aucCi95,
    averagePrecision: orNull(notes, 'averagePrecision', () => averagePrecision(scored, caseLabels)),
    accuracy: matrix.accuracy(),
    balancedAccuracy: orNull(notes, 'balancedAccuracy', () => matrix.balancedAccuracy()),
    sensitivity: orNull(notes, 'sensitivity', () => matrix.sensitivity()),
    specificity: orNull(notes, 'specificity', () => matrix.specificity()),
    precision: orNull(notes, 'precision', () => matrix.precision()),
    f1: orNull(notes, 'f1', () => matrix.f1()),
    sensitivityAtSpecificity: sensitivityAtTarget,
    ece: calibration ? calibration.ece : null,
    calibration,
    confusionMatrix: matrix.toJSON(),
    perClass,
    undefinedMetrics: notes,
  };

  if (options.includeCurves) {
    if (input.task === 'binary') {
      report.rocCurve = orNull(notes, 'rocCurve', () => rocCurve(input.scores, caseLabels));
      report.prCurve = orNull(notes, 'prCurve', () => precisionRecallCurve(input.scores, caseLabels));
    } else {
      perClass.forEach((entry, k) => {
        const column = oneVsRest(input.probabilities, input.labels, k);
        entry.rocCurve = orNull(notes, `perClass.${k}.rocCurve`, () => rocCurve(column.scores, column.labels));
        entry.prCurve = orNull(notes, `perClass.${k}.prCurve`, () => precisionRecallCurve(column.scores, column.labels));
      });
    }
  }
  return report;
}
