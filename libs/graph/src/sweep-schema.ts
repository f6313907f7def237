/**
 * Hyper-parameter sweeps in the graph: a Sweep with its trials (runs), best trial, state and progress;
 * createSweep / cancelSweep. Extensions of the types in schema.ts, joined to them in index.ts.
 * docs/sweeps.md describes the strategies and the space.
 */
export const sweepTypeDefs = /* GraphQL */ `
enum SweepStrategy {
  GRID
  RANDOM
  ASHA
}

enum SweepMode {
  MAX
  MIN
}

enum SweepState {
  RUNNING
  FINISHED
  CANCELLED
  FAILED
}

"""DONE: trained to the end; STOPPED: ASHA stopped it below the last rung (or the sweep was cancelled)."""
enum SweepTrialState {
  QUEUED
  RUNNING
  DONE
  STOPPED
  FAILED
}

"""How many trials are in each state; total is how many the sweep starts in all."""
type SweepProgress {
  total: Int!
  queued: Int!
  running: Int!
  done: Int!
  stopped: Int!
  failed: Int!
}

"""One trial: a run of the sweep's method with the space's params set."""
type SweepTrial {
  index: Int!
  run: Run!
  """The ASHA rung it is at (0 outside ASHA) and the epochs that rung trains to."""
  rung: Int!
  epochs: Int!
  state: SweepTrialState!
  """The space's params as this trial set them (dotted config key -> value)."""
  params: JSON!
  """The metric at the end of its latest completed rung."""
  value: Float
  """The metric at the end of each rung it completed (index = rung)."""
  rungValues: [Float]!
}

"""A hyper-parameter sweep: trials are runs, trained by the workers (docs/sweeps.md)."""
type Sweep {
  id: ID!
  name: String
  method: String!
  dataset: Dataset
  datasetId: ID!
  strategy: SweepStrategy!
  """The search space as given: {param: {values} | {min, max, log?, steps?} | {min, max, int, step?}}."""
  space: JSON!
  """The space's params (dotted config keys), in order."""
  parameters: [String!]!
  """epochs, batchSize, size, checkpointEvery, config (the base method config), eta, minEpochs, maxEpochs."""
  settings: JSON!
  budget: Int
  maxParallel: Int!
  metric: String!
  mode: SweepMode!
  seed: Int!
  state: SweepState!
  error: String
  createdAt: DateTime!
  finishedAt: DateTime
  """Epochs at the end of each rung (ASHA: min*eta^k up to max; one rung otherwise)."""
  rungs: [Int!]!
  progress: SweepProgress!
  trials: [SweepTrial!]!
  """The best trial so far: highest rung reached, then the best metric."""
  bestTrial: SweepTrial
}

input CreateSweepInput {
  name: String
  method: String!
  datasetId: ID!
  strategy: SweepStrategy!
  space: JSON!
  maxParallel: Int!
  """RANDOM, ASHA: how many trials to start (required); GRID: at most this many points."""
  budget: Int
  """Default val/auc."""
  metric: String
  mode: SweepMode = MAX
  seed: Int = 0
  """GRID, RANDOM: epochs of every trial (default 10)."""
  epochs: Int
  batchSize: Int
  size: Int
  checkpointEvery: Int
  """The method config every trial starts from."""
  config: JSON
  """ASHA: reduction factor (default 3), first and last rung's epochs (default 1 and epochs)."""
  eta: Int
  minEpochs: Int
  maxEpochs: Int
}

extend type Query {
  sweep(id: ID!): Sweep
  """Sweeps, newest first (at most first of them), optionally only those in one state."""
  sweeps(state: SweepState, first: Int = 50): [Sweep!]!
}

extend type Mutation {
  """Creates a sweep and queues its controller, which queues the first trials at once."""
  createSweep(input: CreateSweepInput!): Sweep!
  """No new trials; queued and running trial jobs are cancelled."""
  cancelSweep(id: ID!): Sweep!
}
`;
