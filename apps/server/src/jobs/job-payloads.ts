/**
 * The jobs the graph queues, and their payloads: a contract with the worker
 * (tools/protoscope/src/worker/), which validates them again before it runs anything. The server
 * checks what it can know (the dataset exists, numbers are in range, the generator and format are
 * known) so that a mistake is a BAD_USER_INPUT now rather than a failed job later; method configs
 * are checked by the worker, which owns the methods.
 */
import { DATASET_GENERATORS, DATASET_READERS } from '@protoscope/datasets';
import type { JsonObject } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { DataRoots } from './data-roots';

/**
 * Largest jobs the graph queues: a generated dataset of at most JOB_BOUNDS.maxImages images of at
 * most maxImageSize² pixels and maxDatasetPixels in all (2·10⁹ bytes of 8-bit pixels), trainings of
 * at most maxEpochs. Bigger work is run from the command line, where its owner sees the cost.
 */
export const JOB_BOUNDS = {
  maxImages: 100_000,
  maxImageSize: 1024,
  maxDatasetPixels: 2_000_000_000,
  maxEpochs: 1000,
  maxExplainImages: 10_000,
} as const;

export interface TrainPayload {
  method: string;
  /** The dataset folder. */
  data: string;
  epochs: number;
  seed: number;
  config: JsonObject;
  batchSize?: number;
  name?: string;
  tags?: string[];
}

export interface GenerateDatasetPayload {
  generator: string;
  n: number;
  seed: number;
  size: number;
}

export interface ImportDatasetPayload {
  format: string;
  source: string;
}

export interface ExplainPayload {
  runId: string;
  methods: string[];
  /** Which images: `split:val`, `split:test`, … */
  images: string;
  limit: number;
}

export interface EvaluatePayload {
  runId: string;
  suites: string[];
  /** Another dataset folder to evaluate on (default: the run's own). */
  data?: string;
}

export const JOB_KINDS = {
  train: 'train',
  generateDataset: 'generate-dataset',
  importDataset: 'import-dataset',
  explain: 'explain',
  evaluate: 'evaluate',
} as const;

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function text(name: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(`${name} must be a non-empty string`);
  return value.trim();
}

function names(name: string, values: readonly string[]): string[] {
  if (values.length === 0) throw badInput(`${name}: give at least one`);
  return [...new Set(values.map((v, i) => text(`${name}[${i}]`, v)))];
}

export function generateDatasetPayload(args: { generator: string; n: number; seed: number; size: number }): GenerateDatasetPayload {
  const known = DATASET_GENERATORS.map((g) => g.name);
  if (!known.includes(args.generator)) throw badInput(`unknown generator "${args.generator}"; known generators: ${known.join(', ')}`);
  const n = integerIn('n', args.n, 1, JOB_BOUNDS.maxImages);
  const size = integerIn('size', args.size, 8, JOB_BOUNDS.maxImageSize);
  if (n * size * size > JOB_BOUNDS.maxDatasetPixels) {
    throw badInput(`n × size² = ${n * size * size} pixels is more than the limit of ${JOB_BOUNDS.maxDatasetPixels}; generate fewer or smaller images`);
  }
  return { generator: args.generator, n, seed: integerIn('seed', args.seed, 0, 2 ** 31 - 1), size };
}

export function importDatasetPayload(args: { format: string; source: string }, roots: DataRoots): ImportDatasetPayload {
  const known = DATASET_READERS.map((r) => r.format);
  if (!known.includes(args.format)) throw badInput(`unknown import format "${args.format}"; known formats: ${known.join(', ')}`);
  return { format: args.format, source: roots.check(text('source', args.source), 'source') };
}

export interface StartRunArgs {
  method: string;
  epochs: number;
  seed?: number | null;
  config?: unknown;
  batchSize?: number | null;
  name?: string | null;
  tags?: string[] | null;
}

export function trainPayload(input: StartRunArgs, datasetId: string): TrainPayload {
  const config = input.config ?? {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw badInput('config must be a JSON object (the method\'s options)');
  return {
    method: text('method', input.method),
    data: datasetId,
    epochs: integerIn('epochs', input.epochs, 1, JOB_BOUNDS.maxEpochs),
    seed: integerIn('seed', input.seed ?? 0, 0, 2 ** 31 - 1),
    config: config as JsonObject,
    ...(input.batchSize != null ? { batchSize: integerIn('batchSize', input.batchSize, 1, 65_536) } : {}),
    ...(input.name != null ? { name: text('name', input.name) } : {}),
    ...(input.tags != null ? { tags: input.tags.map((t, i) => text(`tags[${i}]`, t)) } : {}),
  };
}

export function explainPayload(args: { runId: string; methods: string[]; images?: string | null; limit?: number | null }): ExplainPayload {
  const images = text('images', args.images ?? 'split:val');
  if (!/^split:[A-Za-z0-9_.-]+$/.test(images)) throw badInput(`images must look like "split:val", got "${images}"`);
  return { runId: args.runId, methods: names('methods', args.methods), images, limit: integerIn('limit', args.limit ?? 16, 1, JOB_BOUNDS.maxExplainImages) };
}

export function evaluatePayload(args: { runId: string; suites: string[]; data?: string | null }, roots: DataRoots): EvaluatePayload {
  return { runId: args.runId, suites: names('suites', args.suites), ...(args.data != null ? { data: roots.check(text('data', args.data), 'data') } : {}) };
}
