import { z } from 'zod';
import { flag, options, seed, text, wholeNumber } from '../fields';
import { JOB_BOUNDS, JOB_DEFAULTS } from '../job-bounds';

/** The fields of a training, shared by `train` and `sweep-trial` (which bounds epochs its own way). */
export const trainingFields = {
  method: text(),
  /** A dataset id (the server queues only registered ones), or a folder path from the command line (dataset-lookup.ts). */
  data: text(),
  epochs: wholeNumber(1, JOB_BOUNDS.maxEpochs).default(JOB_DEFAULTS.epochs),
  seed: seed().default(JOB_DEFAULTS.seed),
  /** The method's settings (see docs/methods.md), checked by the worker against the method's schema. */
  config: options(z.unknown()).default({}),
  batchSize: wholeNumber(1, JOB_BOUNDS.maxBatchSize).default(JOB_DEFAULTS.batchSize),
  /** Input size in pixels (default the method's). */
  size: wholeNumber(1).optional(),
  augment: flag().default(true),
  bnRecalibration: flag().default(true),
  /** Also checkpoint every N steps (epochs always end with one): how much a killed worker's successor redoes. */
  checkpointEvery: wholeNumber(1).optional(),
  name: text().optional(),
  tags: z.array(text(), { error: 'must be a list of strings' }).default([]),
};

/** `train`: what `protoscope train` takes. */
export const TrainPayloadSchema = z.strictObject(trainingFields);
export type TrainPayload = z.infer<typeof TrainPayloadSchema>;
