/** What a worker and the child process running one of its jobs say to each other over the IPC channel. */
import type { AttemptFence, Job } from '@protoscope/tracking';
import type { JobProgress } from '../job-handler';

/** Worker → child. */
export type ToChild =
  | { type: 'start'; kind: string; job: Job; storeUrl: string; datasetsRoot: string; fence: AttemptFence; queue: string }
  /** Stop soon: the job was cancelled, taken over, or the worker is stopping. */
  | { type: 'abort'; reason: string };

/** Child → worker. */
export type FromChild =
  | { type: 'log'; line: string }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'result'; value: unknown }
  | {
      type: 'error';
      name: string;
      message: string;
      stack?: string;
      /** Another attempt would meet it again (permanent-errors.ts): no retry. */
      permanent: boolean;
      /** The handler stopped because it was asked to (JobInterruptedError). */
      interrupted: boolean;
    };
