import type { ResumeRunOptions, TrainProgressUpdate, TrainRunOptions, TrainRunResult } from './train-run';

/** What crosses into the training thread: the run's options without the callbacks and the signal. */
export type TrainThreadOptions = Omit<TrainRunOptions, 'signal' | 'onRunCreated' | 'onProgress'> | Omit<ResumeRunOptions, 'signal' | 'onRunCreated' | 'onProgress'>;

export type ToTrainThread = { kind: 'abort' };

export type FromTrainThread =
  | { kind: 'run-created'; runId: string }
  | { kind: 'progress'; update: TrainProgressUpdate }
  | { kind: 'finished'; result: TrainRunResult }
  /** `userFacing`: a message for the user (bad input or setup), printed without a stack trace. */
  | { kind: 'failed'; message: string; stack?: string; userFacing: boolean };
