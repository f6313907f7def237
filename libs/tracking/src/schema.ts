/**
 * The tables as Kysely sees them (the row shapes of migrations/0001-initial.ts and 0002-datasets-notebooks.ts). Times are epoch
 * milliseconds; JSON columns are text in SQLite and `jsonb` in PostgreSQL but always read back as
 * text; booleans are `boolean` in PostgreSQL and 0/1 in SQLite. Application code uses the typed
 * records of runs.ts, metrics.ts, ... rather than these rows.
 */
import type { ColumnType, Generated } from 'kysely';

/** A JSON column: written and read as its text encoding. */
type Json = string;
/** A boolean column: `boolean` in PostgreSQL, integer 0/1 in SQLite. */
type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
/** An identity / autoincrement key. */
type Serial = Generated<number>;

export interface RunsTable {
  id: string;
  name: string | null;
  method: string;
  dataset: string | null;
  config: Json;
  seed: number | null;
  backend: string | null;
  status: string;
  error: string | null;
  git_commit: string | null;
  parent_run_id: string | null;
  resume_of_run_id: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
}

export interface RunTagsTable {
  run_id: string;
  tag: string;
}

export interface RunParamsTable {
  run_id: string;
  key: string;
  /** The display text of the value: strings as they are, numbers and booleans printed, JSON for arrays. */
  value: string;
  value_type: string;
  /** The value when it is a number, for range filters. */
  value_number: number | null;
}

export interface MetricsTable {
  id: Serial;
  run_id: string;
  key: string;
  step: number;
  epoch: number | null;
  /** NULL stands for NaN (SQLite cannot store NaN); ±Infinity are stored as they are. */
  value: number | null;
  wall_time: number;
}

/** Per (run, key), the latest point of `metrics` (kept by a trigger; migration 0012). */
export interface MetricLatestTable {
  run_id: string;
  key: string;
  metric_id: number;
  step: number;
  epoch: number | null;
  value: number | null;
  wall_time: number;
}

export interface ArtifactsTable {
  hash: string;
  kind: string;
  media_type: string;
  size_bytes: number;
  created_at: number;
}

export interface CheckpointsTable {
  id: Serial;
  run_id: string;
  step: number;
  epoch: number | null;
  artifact_hash: string;
  is_best: Bool;
  metric_key: string | null;
  metric_value: number | null;
  stage: string | null;
  created_at: number;
}

export interface PrototypesTable {
  id: Serial;
  run_id: string;
  push_step: number;
  push_epoch: number | null;
  proto_index: number;
  class_index: number | null;
  vector: Json | null;
  vector_artifact: string | null;
  source_image_id: string | null;
  source_split: string | null;
  latent_h: number | null;
  latent_w: number | null;
  rf_y0: number | null;
  rf_y1: number | null;
  rf_x0: number | null;
  rf_x1: number | null;
  act_y0: number | null;
  act_y1: number | null;
  act_x0: number | null;
  act_x1: number | null;
  patch_artifact: string | null;
  activation_map_artifact: string | null;
  distance: number | null;
  /** JSON array of NearestPatch (prototypes.ts), nearest first; null when not recorded. */
  nearest_patches: string | null;
  created_at: number;
}

export interface PredictionsTable {
  id: Serial;
  run_id: string;
  split: string;
  step: number | null;
  image_id: string;
  label: Json | null;
  predicted: number | null;
  scores: Json;
  created_at: number;
}

export interface SaliencyMapsTable {
  id: Serial;
  run_id: string;
  image_id: string;
  method: string;
  target: number | null;
  step: number | null;
  heatmap_artifact: string;
  height: number | null;
  width: number | null;
  params: Json;
  metrics: Json;
  created_at: number;
  kind: Generated<string>;
  view: string | null;
  paired_image_id: string | null;
  query_x: number | null;
  query_y: number | null;
}

export interface EvaluationsTable {
  id: Serial;
  run_id: string;
  name: string;
  method: string | null;
  split: string | null;
  step: number | null;
  metrics: Json;
  created_at: number;
}

export interface JobsTable {
  id: Serial;
  kind: string;
  payload: Json;
  status: string;
  priority: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  available_at: number;
  progress: number | null;
  progress_message: string | null;
  result: Json | null;
  error: string | null;
  run_id: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** The attempt holding the job now (migration 0008): its writes are fenced by it. */
  attempt_token: string | null;
  /** `embedded` or `bullmq` (migration 0008). */
  backend: Generated<string>;
}

export interface DatasetsTable {
  id: string;
  name: string | null;
  /** The folder holding `manifest.json`, relative to the data root (migration 0006; was `path`). */
  location: string;
  kind: string | null;
  origin: Json;
  classes: Json;
  image_count: number;
  created_at: number;
  updated_at: number;
}

export interface NotebooksTable {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

export interface CellsTable {
  id: string;
  notebook_id: string;
  /** 0…n-1 within the notebook, contiguous. */
  position: number;
  type: string;
  spec: Json;
  /** 1 when created, +1 on every change of type or spec (scripts' `ifVersion`). */
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** The Yjs state of a notebook's live document (the source of truth once it exists). */
export interface NotebookDocumentsTable {
  notebook_id: string;
  state: Uint8Array;
  updated_at: number;
}

export interface CommentThreadsTable {
  id: string;
  notebook_id: string;
  cell_id: string;
  resolved_at: number | null;
  /** Display name of who resolved it. */
  resolved_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The first comment of a thread opens it; the others are replies. */
export interface CommentsTable {
  id: string;
  thread_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: number;
}

export interface NotebookVersionsTable {
  id: string;
  notebook_id: string;
  number: number;
  /** `manual`, `auto` or `restore`. */
  kind: string;
  label: string | null;
  author_id: string | null;
  author_name: string | null;
  /** The cells at that moment, in order: `[{id, type, spec}]`. */
  cells: Json;
  created_at: number;
}

export interface UsersTable {
  id: string;
  /** Unique sign-in name. */
  name: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash` (base64); null until a password is set (one-time links only). */
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

/** A browser session, an API token and a one-time login link keep only the SHA-256 of their secret. */
export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface LoginLinksTable {
  id: string;
  user_id: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface NotebookSharesTable {
  notebook_id: string;
  user_id: string;
  access: string;
  created_at: number;
}

export interface Database {
  runs: RunsTable;
  run_tags: RunTagsTable;
  run_params: RunParamsTable;
  metrics: MetricsTable;
  metric_latest: MetricLatestTable;
  artifacts: ArtifactsTable;
  checkpoints: CheckpointsTable;
  prototypes: PrototypesTable;
  predictions: PredictionsTable;
  saliency_maps: SaliencyMapsTable;
  evaluations: EvaluationsTable;
  jobs: JobsTable;
  datasets: DatasetsTable;
  notebooks: NotebooksTable;
  cells: CellsTable;
  notebook_documents: NotebookDocumentsTable;
  comment_threads: CommentThreadsTable;
  comments: CommentsTable;
  notebook_versions: NotebookVersionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_links: LoginLinksTable;
  notebook_shares: NotebookSharesTable;
}
