import type { z } from 'zod';
import { EvaluatePayloadSchema } from './payloads/evaluate-payload';
import { ExplainPayloadSchema } from './payloads/explain-payload';
import { GenerateDatasetPayloadSchema } from './payloads/generate-dataset-payload';
import { ImportDatasetPayloadSchema } from './payloads/import-dataset-payload';
import { SweepAdvancePayloadSchema } from './payloads/sweep-advance-payload';
import { SweepTrialPayloadSchema } from './payloads/sweep-trial-payload';
import { TrainPayloadSchema } from './payloads/train-payload';

/**
 * Every job kind and its payload schema: adding a kind is one schema file in `payloads/` and one line
 * here (and its handler in tools/protoscope/src/application/worker/job-handlers.ts).
 */
export const JOB_PAYLOAD_SCHEMAS = {
  train: TrainPayloadSchema,
  'generate-dataset': GenerateDatasetPayloadSchema,
  'import-dataset': ImportDatasetPayloadSchema,
  explain: ExplainPayloadSchema,
  evaluate: EvaluatePayloadSchema,
  'sweep-trial': SweepTrialPayloadSchema,
  'sweep-advance': SweepAdvancePayloadSchema,
} as const;

export type JobKind = keyof typeof JOB_PAYLOAD_SCHEMAS;
export const JOB_KINDS = Object.keys(JOB_PAYLOAD_SCHEMAS) as readonly JobKind[];

/** The payload of each kind as a worker reads it (defaults filled in). */
export type JobPayloads = { [Kind in JobKind]: z.output<(typeof JOB_PAYLOAD_SCHEMAS)[Kind]> };
/** The payload of each kind as it may be queued (fields with defaults may be left out). */
export type JobPayloadInputs = { [Kind in JobKind]: z.input<(typeof JOB_PAYLOAD_SCHEMAS)[Kind]> };

export function isJobKind(kind: string): kind is JobKind {
  return Object.prototype.hasOwnProperty.call(JOB_PAYLOAD_SCHEMAS, kind);
}

/** Kinds whose payload names the run they work on (`runId`): a follow-up of a job with a run gets it. */
export function takesRunId(kind: JobKind): boolean {
  return 'runId' in JOB_PAYLOAD_SCHEMAS[kind].shape;
}
