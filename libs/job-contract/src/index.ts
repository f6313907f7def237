export { JobPayloadError } from './job-payload-error';
export { JOB_BOUNDS, JOB_DEFAULTS } from './job-bounds';
export { EXPLAINER_IDS, EVALUATION_SUITE_IDS, type ExplainerName, type EvaluationSuiteName } from './known-names';
export { JOB_PAYLOAD_SCHEMAS, JOB_KINDS, isJobKind, takesRunId, type JobKind, type JobPayloads, type JobPayloadInputs } from './job-kinds';
export { parseJobPayload } from './parse-job-payload';
export { FOLLOW_UPS_FIELD, splitFollowUps, followUpPayload, queuedFollowUpPayload, type FollowUp } from './follow-ups';
export {
  DATASET_ID_PATTERN,
  DATASET_ID_RULE,
  isDatasetId,
  locateDataset,
  datasetNotFoundMessage,
  type DatasetCatalog,
  type DatasetLookupOptions,
} from './dataset-lookup';
export { TrainPayloadSchema, type TrainPayload } from './payloads/train-payload';
export { SweepTrialPayloadSchema, SweepTrialFieldSchema, plannedTrialPayload, type SweepTrialPayload, type SweepTrialSettings } from './payloads/sweep-trial-payload';
export { SweepAdvancePayloadSchema, type SweepAdvancePayload } from './payloads/sweep-advance-payload';
export { ExplainPayloadSchema, type ExplainPayload } from './payloads/explain-payload';
export { EvaluatePayloadSchema, type EvaluatePayload } from './payloads/evaluate-payload';
export { GenerateDatasetPayloadSchema, type GenerateDatasetPayload } from './payloads/generate-dataset-payload';
export { ImportDatasetPayloadSchema, type ImportDatasetPayload } from './payloads/import-dataset-payload';
