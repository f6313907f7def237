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
export type { RunQuery, RunPage } from './run-query-sql';
export type { RunQueryFilter, RunTextCondition, RunTagCondition, RunValueCondition, RunTimeRange } from './run-query-filter';
export { RunQueryError, MAX_FILTER_DEPTH, MAX_FILTER_TERMS } from './run-query-filter';
export type { RunQueryOrder, RunOrderField, RunSortKey, RunSortValue } from './run-query-order';
export { MAX_SORT_KEYS } from './run-query-order';
export type { HistoryOptions, MetricInput, MetricPoint } from './metrics';
export { metricHistoryKey } from './metrics';
export { sha256Hex } from './artifact-files';
export type { ArtifactKind, ArtifactInfo, PutArtifactOptions } from './artifacts';
export type { Checkpoint, CheckpointInput } from './checkpoints';
export type { Box, NearestPatch, Prototype, PrototypeInput, PrototypePush } from './prototypes';
export type { Prediction, PredictionInput, PredictionSet } from './predictions';
export type { SaliencyMap, SaliencyInput, SaliencyFilter, SaliencyKind, ImagePoint, Evaluation, EvaluationInput } from './saliency';
export { SALIENCY_KINDS } from './saliency';
export { JOB_STATUSES, DEFAULT_LEASE_MS, JOB_BACKEND_KINDS } from './jobs';
export { StaleAttemptError } from './jobs-fence';
export type { AttemptFence } from './jobs-fence';
export type { StartedAttempt } from './jobs-delivered';
export type { JobBackend, JobAttempt, AttemptBeat, ClaimRequest } from './job-backends/job-backend';
export { openJobBackend, queueSetting, QUEUE_VARIABLE } from './job-backends/open-job-backend';
export type { OpenJobBackendOptions } from './job-backends/open-job-backend';
export { EmbeddedJobBackend } from './job-backends/embedded-backend';
export { BullmqJobBackend } from './job-backends/bullmq-backend';
export { QueueConfigError, redactRedisUrl } from './job-backends/redis-checks';
export type {
  Job,
  JobStatus,
  EnqueueJobInput,
  ClaimOptions,
  JobHeartbeat,
  JobFilter,
  FailJobOptions,
  CompleteJobOptions,
  JobBackendKind,
  JobsUpdatedSinceOptions,
} from './jobs';
export type { Dataset, RegisterDatasetInput } from './datasets';
export type { Notebook, Cell, AddCellInput, CellUpdate } from './notebooks';
export type { DocumentCell, SaveNotebookDocumentInput } from './collab/notebook-documents';
export { MAX_COMMENT_LENGTH } from './collab/comments';
export type { Comment, CommentAuthor, CommentThread, NotebookThreadsFilter } from './collab/comments';
export { NOTEBOOK_VERSION_KINDS } from './collab/notebook-versions';
export type { NotebookVersion, NotebookVersionKind, NotebookVersionSummary, SaveNotebookVersionInput } from './collab/notebook-versions';
export type { Database } from './schema';
export { ROLES } from './accounts/users';
export type { Role, User, CreateUserInput } from './accounts/users';
export { TOKEN_SCOPES } from './accounts/api-tokens';
export type { ApiToken, TokenScope } from './accounts/api-tokens';
export { SHARE_ACCESS } from './accounts/notebook-shares';
export type { NotebookShare, ShareAccess } from './accounts/notebook-shares';
export type { Session } from './accounts/sessions';
export { DEFAULT_SESSION_TTL_MS } from './accounts/sessions';
export { DEFAULT_LOGIN_LINK_TTL_MS } from './accounts/login-links';
export { SECRET_PREFIX } from './accounts/secrets';
export { MIGRATION_NAMES } from './migrations';
export { listenerApplicationName } from './change-listener';
export type { ChangeListener, ChangeListenerOptions, ChangeListenerState, StoreChange } from './change-listener';
export { SWEEP_STRATEGIES, SWEEP_STATUSES, SWEEP_MODES, UnknownSweepError, checkSweepInput, DEFAULT_SWEEP_METRIC, DEFAULT_TRIAL_EPOCHS, DEFAULT_ETA } from './sweeps';
export type { Sweep, SweepSettings, SweepStatus, SweepStrategy, SweepMode, CreateSweepInput } from './sweeps';
export { SWEEP_TRIAL_JOB_KIND, SWEEP_ADVANCE_JOB_KIND } from './sweeps-trials';
export type { SweepTrial, AddSweepTrialInput } from './sweeps-trials';
export { parseSweepSpace, gridValues, gridSize } from './sweeps-space';
export type { SweepSpace, SweepParam } from './sweeps-space';
export { SWEEP_TRIAL_STATES, sweepRungs, compareValues, valueAtKey } from './sweeps-summary';
export type { SweepSummary, SweepTrialSummary, SweepTrialState } from './sweeps-summary';
