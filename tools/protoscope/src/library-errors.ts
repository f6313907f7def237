import { EngineError } from '@protoscope/engine';
import { BackboneConfigError, CheckpointFormatError, DatasetSourceError, FindingTaskError, InputTooSmallError, MethodConfigError } from '@protoscope/core-models';
import { DatasetError } from '@protoscope/datasets';
import { ExplainError, MetricError } from '@protoscope/eval';
import { JobPayloadError } from '@protoscope/job-contract';
import { HeatmapFormatError, RenderInputError } from '@protoscope/render';
import { TrackingError } from '@protoscope/tracking';
import { TrainingFailedError } from './application/train/train-run';
import { UserFacingError } from './user-facing-error';

/** Library errors that describe the user's input or setup: printed as a message, without a stack trace. */
const USER_ERRORS = [
  TrainingFailedError,
  MethodConfigError,
  DatasetSourceError,
  BackboneConfigError,
  InputTooSmallError,
  FindingTaskError,
  EngineError,
  CheckpointFormatError,
  DatasetError,
  TrackingError,
  ExplainError,
  MetricError,
  RenderInputError,
  HeatmapFormatError,
  JobPayloadError,
];

/** Runs a command's work, turning the libraries' input errors into user-facing ones. */
export async function withUserErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (USER_ERRORS.some((type) => error instanceof type)) throw new UserFacingError((error as Error).message);
    throw error;
  }
}
