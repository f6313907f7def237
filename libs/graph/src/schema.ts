/**
 * The GraphQL schema of Protoscope, as SDL. This string is the single source of truth: the server
 * builds its executable schema from it, and graphql-codegen generates the server's resolver types and
 * the web app's document types from it (index.ts says where). docs/graph.md explains it with examples.
 */
export const typeDefs = /* GraphQL */ `
"""Any JSON value (objects, arrays, strings, numbers, booleans, null)."""
scalar JSON

"""A point in time, as an ISO-8601 string in UTC (e.g. 2025-03-01T12:00:00.000Z)."""
scalar DateTime

enum RunStatus {
  QUEUED
  RUNNING
  FINISHED
  FAILED
  CANCELLED
}

enum JobStatus {
  QUEUED
  RUNNING
  SUCCEEDED
  FAILED
  CANCELLED
}

enum SortDirection {
  ASC
  DESC
}

"""
A pixel rectangle in its image, given both as x/y/width/height and as corners: columns
x0 <= x < x1, rows y0 <= y < y1 (x to the right, y down).
"""
type Box {
  x: Float!
  y: Float!
  width: Float!
  height: Float!
  x0: Float!
  y0: Float!
  x1: Float!
  y1: Float!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

"""A small 2-D map of numbers, row-major, for plotting (values[y * width + x])."""
type Heatmap {
  width: Int!
  height: Int!
  values: [Float!]!
  """Smallest and largest value of the full-resolution map."""
  min: Float!
  max: Float!
  """The size of the full-resolution map this one was averaged down from."""
  sourceWidth: Int!
  sourceHeight: Int!
}

# ---------------------------------------------------------------------------------------------
# Datasets and images

type Dataset {
  id: ID!
  name: String
  """The folder holding the dataset's manifest.json."""
  path: String!
  """How the dataset came to be: generator or import."""
  kind: String
  origin: JSON!
  """Class names of the primary task, in label order."""
  classes: [String!]!
  imageCount: Int!
  createdAt: DateTime!
  updatedAt: DateTime!
  """Every task of the manifest: name -> { kind, classes }."""
  tasks: JSON!
  primaryTask: String!
  """Number of images per split."""
  splits: [SplitCount!]!
  images(first: Int = 50, after: String, split: String, label: Int, view: String, source: String): ImageConnection!
  image(id: ID!): Image
  """Runs trained on this dataset, newest first."""
  runs(first: Int = 50, after: String): RunConnection!
}

type SplitCount {
  split: String!
  count: Int!
}

type ImageConnection {
  edges: [ImageEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

type ImageEdge {
  cursor: String!
  node: Image!
}

type Image {
  id: ID!
  datasetId: ID!
  """Class index for the dataset's primary task (null for multi-label tasks)."""
  label: Int
  """Class name of label."""
  labelName: String
  """Labels of every task: task -> class index, or one 0/1/null per class for multi-label tasks."""
  labels: JSON!
  split: String
  """Projection (CC, MLO, PA, LAT, ...)."""
  view: String
  laterality: String
  """Acquisition source or site."""
  source: String
  patientId: String!
  width: Int!
  height: Int!
  channels: Int!
  """The image as PNG."""
  url: String!
  lesions: [Lesion!]!
}

type Lesion {
  id: ID!
  kind: String!
  label: String
  box: Box
  """A binary PNG mask of this lesion (white = lesion), when the dataset has masks."""
  maskUrl: String
}

# ---------------------------------------------------------------------------------------------
# Runs, metrics, prototypes, explanations

type Run {
  id: ID!
  name: String
  method: String!
  """The id of the dataset the run trained on."""
  datasetId: String
  dataset: Dataset
  """The run's config as it was started."""
  config: JSON!
  """The config flattened to dotted keys ("method.optimizer.lr" -> 0.001)."""
  params: JSON!
  """One config value by dotted key (null when absent)."""
  param(key: String!): JSON
  """The run's seed (a Float because seeds may exceed 32 bits)."""
  seed: Float
  """The compute backend (tensorflow, wasm, cpu)."""
  backend: String
  status: RunStatus!
  error: String
  gitCommit: String
  tags: [String!]!
  parent: Run
  resumeOf: Run
  createdAt: DateTime!
  startedAt: DateTime
  finishedAt: DateTime
  heartbeatAt: DateTime
  """Keys of every metric the run logged, sorted."""
  metricKeys: [String!]!
  """The latest point of one metric (highest step), or null."""
  metric(key: String!): MetricPoint
  """The latest point of every metric."""
  latestMetrics: [KeyedMetricPoint!]!
  """Metric histories; every key the run logged when keys is omitted."""
  metrics(keys: [String!]): [MetricSeries!]!
  """Prototypes of one push (default: the latest)."""
  prototypes(step: Int): [Prototype!]!
  prototypePushes: [PrototypePush!]!
  """
  The run's saliency maps, optionally of one image, methods, target, kinds, or paired with one image
  (two-view models: the maps of the other view of its pair).
  """
  saliencyMaps(imageId: ID, methods: [String!], target: Int, kinds: [SaliencyKind!], pairedImageId: ID): [SaliencyMap!]!
  evaluations(name: String, method: String): [Evaluation!]!
  """Jobs that worked on this run, oldest first."""
  jobs: [Job!]!
}

type RunConnection {
  edges: [RunEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

type RunEdge {
  cursor: String!
  node: Run!
}

"""One logged value. value is null when the logged number was NaN or infinite (see valueText)."""
type MetricPoint {
  step: Int!
  epoch: Int
  value: Float
  """The value as text, which also spells NaN, Infinity and -Infinity."""
  valueText: String!
  time: DateTime!
}

type KeyedMetricPoint {
  key: String!
  point: MetricPoint!
}

type MetricSeries {
  key: String!
  """
  Points by step, then logging order. With maxPoints, a longer history is thinned in the store: its
  step range is cut into maxPoints - 1 equal buckets and the first step and each bucket's highest step
  are kept (the first and the last always), each with the value logged last at it.
  """
  points(maxPoints: Int): [MetricPoint!]!
  last: MetricPoint
}

type PrototypePush {
  step: Int!
  epoch: Int
  count: Int!
}

type LatentCell {
  h: Int!
  w: Int!
}

type Prototype {
  id: ID!
  runId: ID!
  run: Run!
  index: Int!
  classIndex: Int
  """Name of the prototype's class, from the run's dataset."""
  className: String
  pushStep: Int!
  pushEpoch: Int
  """The training image the prototype was projected onto."""
  sourceImageId: ID
  sourceSplit: String
  sourceImage: Image
  """Cell of the latent grid of the source image the prototype was projected onto."""
  latent: LatentCell
  """Receptive field of that cell in the source image."""
  receptiveField: Box
  """Box around the top 5 % of the upsampled activation map."""
  highActivation: Box
  """The prototype's patch as PNG (stored patch, or the receptive field cut out of the source image)."""
  patchUrl: String
  """The activation map over the source image, averaged down to at most maxSize on each side."""
  activationMap(maxSize: Int = 32): Heatmap
  """Squared L2 (or cosine) distance to the projected patch at push time."""
  distance: Float
  """
  The k training images whose best patch is nearest to the prototype as pushed (one patch per image,
  nearest first; the source image comes first at distance 0), recorded at the push.
  """
  nearestPatches: [NearestPatch!]!
  createdAt: DateTime!
}

type NearestPatch {
  imageId: ID!
  image: Image
  """Receptive field of the patch's latent cell in that image."""
  box: Box
  """Distance from the pushed prototype (squared L2, or 1 - cosine)."""
  distance: Float
  """Class index of the image (the prototype's own class or another)."""
  classIndex: Int
  """The patch as PNG (its receptive field cut out of the image)."""
  patchUrl: String
}

"""A registered training method (the values of protoscope train --method)."""
type Method {
  id: ID!
  title: String!
  """single, or view-pair (the CC and MLO images of one breast)."""
  inputs: String!
  """JSON Schema of the method's config: every key, its type, range and default."""
  configSchema: JSON!
  """
  The config completed with every default: of {} by default, or of the partial config given (defaults
  may depend on it: a backbone trained from scratch gets a schedule that learns). Null when the method
  needs a key that has no default (defaultsNote says which).
  """
  defaults(config: JSON): JSON
  defaultsNote: String
}

"""What a saliency map is."""
enum SaliencyKind {
  """An attribution of the prediction to pixels (Grad-CAM, Integrated Gradients, RISE, ...)."""
  SALIENCY
  """Attention read from the model: a two-view model's cross-attention, HAM's attention maps."""
  ATTENTION
  """One finding's (lesion's) own map, e.g. lesion-linked's per-lesion maps."""
  LESION
}

"""A point of an image in pixels (x to the right, y down; pixel centres at +0.5)."""
type ImagePoint {
  x: Float!
  y: Float!
}

type SaliencyMap {
  id: ID!
  runId: ID!
  run: Run!
  """The image the map lies on."""
  imageId: ID!
  image: Image
  """The explanation method: an explainer id, as protoscope explain --methods takes it (gradcam, ig, prototypes, ...)."""
  method: String!
  kind: SaliencyKind!
  """The view of the image the map lies on (CC, MLO, ...), when the dataset records views."""
  view: String
  """
  Two-view models: the other image of the pair — the view held fixed while this one was explained, or
  (cross-attention) the view the attention was read from.
  """
  pairedImageId: ID
  pairedImage: Image
  """
  Cross-attention: the point of the paired image the attention was read from (where the model looks
  from there); null for the mean over that whole view.
  """
  query: ImagePoint
  """The class explained; null for target-free methods."""
  target: Int
  targetName: String
  """The checkpoint step explained; null for the final model."""
  step: Int
  width: Int
  height: Int
  """The method's options."""
  params: JSON!
  """Per-image scores of the map (pointing game, energy in box, deletion AUC, ...)."""
  metrics: JSON!
  """The heatmap drawn over its image, as PNG."""
  url(opacity: Float = 0.5, colormap: String = "jet", outline: Boolean = false): String!
  """The stored heatmap artifact (raw bytes)."""
  heatmapUrl: String!
  """The heatmap as numbers, averaged down to at most maxSize on each side."""
  heatmap(maxSize: Int = 64): Heatmap!
  createdAt: DateTime!
}

type Evaluation {
  id: ID!
  runId: ID!
  run: Run!
  name: String!
  method: String
  split: String
  step: Int
  metrics: JSON!
  createdAt: DateTime!
}

# ---------------------------------------------------------------------------------------------
# Comparison

type Comparison {
  runs: [Run!]!
  """Histories aligned on the union of their steps, one per requested metric."""
  metrics: [AlignedMetric!]!
  """Config keys (dotted) whose values are not the same in every run."""
  configDiff: [ConfigDifference!]!
  """What groups was computed from: run fields (method, dataset) and dotted config keys."""
  groupBy: [String!]!
  """Runs grouped by the groupBy values; the spread inside a group is the spread across seeds."""
  groups: [RunGroup!]!
}

type AlignedMetric {
  key: String!
  steps: [Int!]!
  series: [AlignedSeries!]!
}

type AlignedSeries {
  runId: ID!
  """One entry per step of the AlignedMetric (null where the run has no finite value at that step)."""
  values: [Float]!
}

type ConfigDifference {
  key: String!
  """One entry per run, in the order of Comparison.runs (null where the key is absent)."""
  values: [JSON]!
}

type RunGroup {
  """groupBy key -> this group's value."""
  key: JSON!
  runIds: [ID!]!
  metrics: [GroupMetric!]!
}

type GroupMetric {
  key: String!
  """Over the runs' latest finite values: count, mean and sample standard deviation (n - 1)."""
  final: MeanStd!
  """Per step of the AlignedMetric with this key, over the runs that have a finite value there."""
  steps: [Int!]!
  perStep: [MeanStd!]!
}

type MeanStd {
  count: Int!
  mean: Float
  """Sample standard deviation (divides by n - 1); null when count < 2."""
  std: Float
}

# ---------------------------------------------------------------------------------------------
# Notebooks

type Notebook {
  id: ID!
  title: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  """What the caller may do with this notebook (their role, or the notebook's share for them)."""
  access: NotebookAccess!
  cells: [Cell!]!
}

type Cell {
  id: ID!
  notebookId: ID!
  notebook: Notebook!
  """0-based place in the notebook."""
  position: Int!
  type: String!
  spec: JSON!
  createdAt: DateTime!
  updatedAt: DateTime!
}

# ---------------------------------------------------------------------------------------------
# Jobs

type Job {
  id: ID!
  """train, generate-dataset, import-dataset, explain, evaluate."""
  kind: String!
  payload: JSON!
  status: JobStatus!
  priority: Int!
  attempts: Int!
  maxAttempts: Int!
  """The worker holding (or that last held) the job."""
  leaseOwner: String
  """0..1 when the worker reports it."""
  progress: Float
  progressMessage: String
  result: JSON
  error: String
  runId: ID
  run: Run
  createdAt: DateTime!
  updatedAt: DateTime!
  startedAt: DateTime
  finishedAt: DateTime
}

# ---------------------------------------------------------------------------------------------
# The run filter language

"""
A filter on runs. Every field given must hold (AND); and/or/not combine nested filters.
An empty filter matches every run.
"""
input RunFilter {
  and: [RunFilter!]
  or: [RunFilter!]
  not: RunFilter
  id: StringPredicate
  name: StringPredicate
  method: StringPredicate
  """The dataset id."""
  dataset: StringPredicate
  status: StatusPredicate
  tags: TagPredicate
  """Every predicate must hold. Keys are dotted config keys ("method.optimizer.lr")."""
  params: [ValuePredicate!]
  """Every predicate must hold, on the latest value (highest step) of the metric key ("val/auc")."""
  metrics: [ValuePredicate!]
  createdAt: TimeRange
}

input StringPredicate {
  eq: String
  ne: String
  in: [String!]
  notIn: [String!]
  """Substring, case-insensitive."""
  contains: String
  """true: the field is empty (null); false: it is set."""
  isNull: Boolean
}

input StatusPredicate {
  eq: RunStatus
  ne: RunStatus
  in: [RunStatus!]
  notIn: [RunStatus!]
}

input TagPredicate {
  """The run has every one of these tags."""
  all: [String!]
  """The run has at least one of these tags."""
  any: [String!]
  """The run has none of these tags."""
  none: [String!]
}

"""
A predicate on a config value or a metric. Comparisons given together must all hold. On a key the run
does not have, every comparison is false except exists: false. Ranges (gt, gte, lt, lte) hold only for
numbers; eq, ne, in and notIn compare JSON values exactly (0.001 is not "0.001").
"""
input ValuePredicate {
  key: String!
  eq: JSON
  ne: JSON
  in: [JSON!]
  notIn: [JSON!]
  gt: Float
  gte: Float
  lt: Float
  lte: Float
  exists: Boolean
}

input TimeRange {
  gt: DateTime
  gte: DateTime
  lt: DateTime
  lte: DateTime
}

enum RunOrderField {
  CREATED_AT
  NAME
  METHOD
  STATUS
  """Order by the latest value of RunOrder.key, a metric key."""
  METRIC
  """Order by the config value at RunOrder.key, a dotted config key."""
  PARAM
}

"""One sort key; runs without a value for a metric or param key sort last in either direction."""
input RunOrder {
  field: RunOrderField!
  key: String
  direction: SortDirection = DESC
}

"""Workspace roles: owners also manage accounts and shares; editors change; viewers read."""
enum Role {
  OWNER
  EDITOR
  VIEWER
}

"""How the caller signed in: a browser session, or an API token of that scope."""
enum Credential {
  SESSION
  READ
  WRITE
  WORKER
}

"""Access to one notebook; a share replaces the workspace role's access for one user."""
enum NotebookAccess {
  NONE
  READ
  WRITE
}

"""The signed-in caller."""
type Me {
  id: ID!
  name: String!
  role: Role!
  credential: Credential!
}

type NotebookShare {
  notebookId: ID!
  """The user's name."""
  user: String!
  access: NotebookAccess!
}

# ---------------------------------------------------------------------------------------------
# Entry points

type Query {
  """Runs matching the filter, ordered (default: newest first), a page at a time (first <= 500)."""
  runs(filter: RunFilter, first: Int = 50, after: String, orderBy: [RunOrder!]): RunConnection!
  run(id: ID!): Run
  """
  Runs side by side: aligned histories of the metrics (default: every key the runs share), the config
  keys that differ, and groups by groupBy (default: every differing config key except seeds, plus
  method and dataset) with mean +- std of each metric. maxPoints thins each run's history in the store
  before alignment, as MetricSeries.points(maxPoints) does (the value logged last at each kept step);
  runs that logged the same steps keep the same ones, so they align on at most maxPoints steps.
  """
  compareRuns(ids: [ID!]!, metrics: [String!], groupBy: [String!], maxPoints: Int): Comparison!
  datasets: [Dataset!]!
  dataset(id: ID!): Dataset
  """Names of the synthetic dataset generators and of the import formats."""
  datasetGenerators: [String!]!
  datasetFormats: [String!]!
  """Every registered training method with its config schema and defaults."""
  methods: [Method!]!
  prototypes(runId: ID!, step: Int): [Prototype!]!
  saliencyMaps(runId: ID!, imageId: ID, methods: [String!], target: Int, kinds: [SaliencyKind!], pairedImageId: ID): [SaliencyMap!]!
  evaluations(runId: ID!, name: String, method: String): [Evaluation!]!
  notebooks: [Notebook!]!
  notebook(id: ID!): Notebook
  """Jobs, newest first (at most last of them)."""
  jobs(status: [JobStatus!], kind: String, runId: ID, last: Int = 100): [Job!]!
  job(id: ID!): Job
  """The signed-in caller (every call needs a session cookie or an Authorization: Bearer token)."""
  me: Me!
}

input StartRunInput {
  method: String!
  datasetId: ID!
  epochs: Int!
  seed: Int = 0
  """The method's config (validated by the worker against the method's schema)."""
  config: JSON
  batchSize: Int
  name: String
  tags: [String!]
}

"""
Every mutation that starts work only queues a job (see Job) for a worker and returns it; follow it
with the jobUpdated subscription or the job query.
"""
type Mutation {
  generateDataset(generator: String!, n: Int!, seed: Int!, size: Int!): Job!
  importDataset(format: String!, source: String!): Job!
  startRun(input: StartRunInput!): Job!
  """Cancels the run's unfinished jobs (a queued or running run without one is marked cancelled)."""
  cancelRun(id: ID!): Run!
  cancelJob(id: ID!): Job!
  """images selects what to explain, e.g. "split:val"; limit caps how many."""
  requestExplanations(runId: ID!, methods: [String!]!, images: String = "split:val", limit: Int = 16): Job!
  requestEvaluation(runId: ID!, suites: [String!]!, data: String): Job!
  createNotebook(title: String!): Notebook!
  updateNotebook(id: ID!, title: String): Notebook!
  """Returns the id of the deleted notebook."""
  deleteNotebook(id: ID!): ID!
  addCell(notebookId: ID!, type: String!, spec: JSON, position: Int): Cell!
  """
  Changes the keys of spec that are given (the others stay) and/or the type, through the notebook's
  live document. With ifVersion, refuses with CONFLICT unless the cell's version is still that one.
  """
  updateCell(id: ID!, type: String, spec: JSON, ifVersion: Int): Cell!
  moveCell(id: ID!, index: Int!): Cell!
  """Returns the id of the deleted cell."""
  deleteCell(id: ID!): ID!
  """Owners only: sets what one user may do with one notebook (NONE hides it from them)."""
  shareNotebook(notebookId: ID!, user: String!, access: NotebookAccess!): NotebookShare!
  """Owners only: removes the user's share, so their workspace role applies again."""
  unshareNotebook(notebookId: ID!, user: String!): Boolean!
}

"""Something that happened to a run: new metric points and/or a status change."""
type RunProgressEvent {
  runId: ID!
  run: Run!
  status: RunStatus!
  """True on the first event of a subscription (the state when it started)."""
  initial: Boolean!
  statusChanged: Boolean!
  """New points since the previous event, per key."""
  metrics: [MetricSeries!]!
}

"""
Subscriptions (graphql-ws protocol on the /graphql websocket) poll the store, which worker processes
write; each first sends the current state, and runProgress / jobUpdated end after a final status.
"""
type Subscription {
  runProgress(runId: ID!): RunProgressEvent!
  jobUpdated(id: ID!): Job!
  """Every job that is created or changes (optionally only those now in one of the statuses)."""
  jobs(status: [JobStatus!]): Job!
}
`;
