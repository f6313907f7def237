/**
 * The jobs the graph queues: each mutation's arguments made into a payload of the job contract
 * (`@protoscope/job-contract`) and checked by it, so a payload the worker would refuse — an unknown
 * explainer or suite, a number out of bounds — is a BAD_USER_INPUT now rather than a failed job later.
 * What the contract cannot know is checked here: the generator and the import format against the
 * datasets library's registries, paths against the data roots, an evaluation's dataset against the
 * store. Method configs are checked by the worker, which owns the methods.
 */
import { DATASET_GENERATORS, DATASET_READERS } from '@protoscope/datasets';
import { isDatasetId, JobPayloadError, parseJobPayload, plannedTrialPayload, type JobKind, type JobPayloads } from '@protoscope/job-contract';
import type { Store } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { DataRoots } from './data-roots';

/** A job to enqueue: its kind and its checked payload. */
export interface JobRequest<Kind extends JobKind> {
  kind: Kind;
  payload: JobPayloads[Kind];
}

/** GraphQL passes an optional argument left out as null; the contract wants it absent. */
function withoutNulls(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined));
}

function checked<Kind extends JobKind>(kind: Kind, payload: object): JobRequest<Kind> {
  try {
    return { kind, payload: parseJobPayload(kind, withoutNulls(payload)) };
  } catch (error) {
    if (error instanceof JobPayloadError) throw badInput(error.problems);
    throw error;
  }
}

function known(what: string, value: string, names: readonly string[]): void {
  if (!names.includes(value)) throw badInput(`unknown ${what} "${value}"; known ${what}s: ${names.join(', ')}`);
}

export function generateDatasetJob(args: { generator: string; n: number; seed: number; size: number }): JobRequest<'generate-dataset'> {
  known('generator', args.generator, DATASET_GENERATORS.map((g) => g.name));
  return checked('generate-dataset', args);
}

export function importDatasetJob(args: { format: string; source: string }, roots: DataRoots): JobRequest<'import-dataset'> {
  known('import format', args.format, DATASET_READERS.map((r) => r.format));
  const job = checked('import-dataset', args);
  return { ...job, payload: { ...job.payload, source: roots.check(job.payload.source, 'source') } };
}

/** The arguments of `startRun` (StartRunInput) but the dataset, which the resolver has found. */
export interface StartRunArgs {
  method: string;
  epochs: number;
  seed?: number | null;
  config?: unknown;
  batchSize?: number | null;
  name?: string | null;
  tags?: string[] | null;
}

/** By dataset id: each worker finds the dataset under its own data root (or fetches it from object storage). */
export function trainJob(input: StartRunArgs, datasetId: string): JobRequest<'train'> {
  const { method, epochs, seed, config, batchSize, name, tags } = input;
  return checked('train', { method, data: datasetId, epochs, seed, config, batchSize, name, tags });
}

export function explainJob(args: { runId: string; methods: string[]; images?: string | null; limit?: number | null }): JobRequest<'explain'> {
  return checked('explain', args);
}

/** `data` is a registered dataset's id (queued as such) or a folder under a data root (queued as its real path). */
export async function evaluateJob(args: { runId: string; suites: string[]; data?: string | null }, roots: DataRoots, store: Store): Promise<JobRequest<'evaluate'>> {
  const job = checked('evaluate', args);
  const { data } = job.payload;
  if (data === undefined || (isDatasetId(data) && (await store.datasets.find(data)))) return job;
  return { ...job, payload: { ...job.payload, data: roots.check(data, 'data') } };
}

export function sweepAdvanceJob(sweepId: string, options: { tick?: boolean } = {}): JobRequest<'sweep-advance'> {
  return checked('sweep-advance', { sweepId, tick: options.tick });
}

/** The training settings of `createSweep` (CreateSweepInput) but epochs, which the sweep bounds itself. */
export interface SweepTrainingArgs {
  method: string;
  datasetId: string;
  seed?: number | null;
  batchSize?: number | null;
  size?: number | null;
  checkpointEvery?: number | null;
  config?: unknown;
}

/** A sweep's training settings checked as one planned trial's payload (the job contract's plannedTrialPayload). */
export function checkSweepTrials(input: SweepTrainingArgs): void {
  const { method, datasetId, seed, batchSize, size, checkpointEvery, config } = input;
  checked('sweep-trial', plannedTrialPayload({ method, data: datasetId, seed, batchSize, size, checkpointEvery, config }));
}
