/** Classification metrics on plain arrays: binary `scores[n]` or `probabilities[n][K]`, with `labels[n]`. */
export {
  isProbabilityRows,
  oneVsRest,
  type ClassifierOutput,
  type Labels,
  type ProbabilityRows,
  type Scores,
} from './inputs';
export { oneVsRestRocAuc, rocAuc, type ClassAuc, type OneVsRestAuc } from './auc';
export {
  bootstrapCi,
  bootstrapRocAuc,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  mulberry32,
  type BootstrapInterval,
  type BootstrapOptions,
  type CaseMetric,
} from './bootstrap';
export {
  accuracy,
  balancedAccuracy,
  ConfusionMatrix,
  confusionMatrix,
  DEFAULT_THRESHOLD,
  f1,
  precision,
  sensitivity,
  sensitivityAtSpecificity,
  specificity,
  type ClassRates,
  type DecisionOptions,
  type OperatingPoint,
} from './threshold-metrics';
export { averagePrecision, precisionRecallCurve, rocCurve, type PrecisionRecallCurve, type RocCurve } from './curves';
export {
  DEFAULT_CALIBRATION_BINS,
  expectedCalibrationError,
  reliabilityDiagram,
  type CalibrationMode,
  type CalibrationOptions,
  type ReliabilityBin,
  type ReliabilityDiagram,
} from './calibration';
export {
  CLASSIFICATION_REPORT_KEYS,
  classificationReport,
  DEFAULT_TARGET_SPECIFICITY,
  type AucInterval95,
  type ClassificationReport,
  type ClassificationReportOptions,
  type PerClassReport,
  type UndefinedMetricNote,
} from './classification-report';
