import { BackboneConfigError, CheckpointFormatError, DatasetSourceError, MethodConfigError } from '@protoscope/core-models';
import { DatasetError } from '@protoscope/datasets';
import { InvalidInputError, UnknownDatasetError, UnknownRunError } from '@protoscope/tracking';
import { TrainingFailedError } from '../train/train-run';
import { DatasetExistsError } from './dataset-folders';
import { JobPayloadError, NoJobHandlerError } from './job-handler';
import { ChildJobError } from './sandbox/run-in-child-process';

/**
 * Errors that another attempt would meet again (the payload, the method's config, the data): the job
 * fails at once instead of being retried. Anything else (a crash, a full disk, a store outage) is
 * retried while the job has attempts left.
 */
const PERMANENT = [
  JobPayloadError,
  NoJobHandlerError,
  DatasetExistsError,
  MethodConfigError,
  BackboneConfigError,
  DatasetSourceError,
  CheckpointFormatError,
  DatasetError,
  TrainingFailedError,
  InvalidInputError,
  UnknownRunError,
  UnknownDatasetError,
];

export function isPermanentJobError(error: unknown): boolean {
  // A job process already judged its error by this rule.
  if (error instanceof ChildJobError) return error.permanent;
  return PERMANENT.some((type) => error instanceof type);
}
