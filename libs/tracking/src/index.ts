/**
 * @protoscope/tracking: the store. Runs, params, append-only metric history, checkpoints, prototypes,
 * predictions, saliency maps, evaluations, jobs, datasets and notebooks in one schema on SQLite (default) or PostgreSQL,
 * chosen by URL; large binaries as content-addressed artifact files. See docs/tracking.md.
 */
export * from './errors';
export * from './url';
export * from './store';
export type { JsonPrimitive, JsonValue, JsonObject } from './json';
export { RUN_STATUSES, TERMINAL_RUN_STATUSES } from './runs';
export type { Run, RunStatus, CreateRunInput, RunFilter, RunUpdate } from './runs';
export type { MetricInput, MetricPoint } from './metrics';
export { metricHistoryKey } from './metrics';
export { sha256Hex } from './artifact-files';
export type { ArtifactKind, ArtifactInfo, PutArtifactOptions } from './artifacts';
export type { Checkpoint, CheckpointInput } from './checkpoints';
export type { Box, Prototype, PrototypeInput, PrototypePush } from './prototypes';
export type { Prediction, PredictionInput, PredictionSet } from './predictions';
export type { SaliencyMap, SaliencyInput, SaliencyFilter, Evaluation, EvaluationInput } from './saliency';
export { JOB_STATUSES, DEFAULT_LEASE_MS } from './jobs';
export type {
  Job,
  JobStatus,
  EnqueueJobInput,
  ClaimOptions,
  JobHeartbeat,
  JobFilter,
  FailJobOptions,
  JobsUpdatedSinceOptions,
} from './jobs';
export type { Dataset, RegisterDatasetInput } from './datasets';
export type { Notebook, Cell, AddCellInput, CellUpdate } from './notebooks';
export type { Database } from './schema';
export { MIGRATION_NAMES } from './migrations';
