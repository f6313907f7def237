/**
 * Runs a heavy job's handler in a child process of the worker (job-child-main.ts), so that training,
 * explanation or evaluation — which keep a CPU core busy for long stretches — can never delay the
 * worker's heartbeats: a starved heartbeat loses BullMQ's lock (or the lease) and means a second copy
 * of the job. The child writes its results itself, fenced by the attempt; the worker keeps the lease,
 * relays progress, and forwards an abort (cancel, takeover, shutdown). A child that ignores an abort
 * is killed after `killAfterMs`.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { JobInterruptedError, type JobContext } from '../job-handler';
import type { FromChild, ToChild } from './child-messages';

const CHILD_MAIN = path.join(__dirname, 'job-child-main.ts');
const WORKSPACE_TSCONFIG = path.resolve(__dirname, '../../../../../../tsconfig.json');

/** An error the child's handler threw, as it crossed the IPC channel. */
export class ChildJobError extends Error {
  constructor(
    readonly childName: string,
    message: string,
    /** Another attempt would meet it again. */
    readonly permanent: boolean,
    childStack?: string,
  ) {
    super(message);
    this.name = 'ChildJobError';
    if (childStack) this.stack = childStack;
  }
}

export interface ChildProcessOptions {
  /** How long after an abort the child may take to checkpoint and stop before it is killed. Default 60 s. */
  killAfterMs?: number;
}

/** `queue` is the worker's queue setting: the child opens its own backend on it when the handler starts jobs. */
export function runInChildProcess(kind: string, context: JobContext, queue: string, options: ChildProcessOptions = {}): Promise<unknown> {
  const child = fork(CHILD_MAIN, [], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? WORKSPACE_TSCONFIG },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: ToChild) => {
    if (child.connected) child.send(message);
  };
  return new Promise<unknown>((resolve, reject) => {
    let outcome: FromChild | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      send({ type: 'abort', reason: context.signal.reason instanceof Error ? context.signal.reason.message : 'stopped' });
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
    };
    child.on('message', (message: FromChild) => {
      if (message.type === 'log') context.log(message.line);
      else if (message.type === 'progress') void context.reportProgress(message.progress);
      else outcome = message;
    });
    child.once('error', (error) => {
      outcome ??= { type: 'error', name: error.name, message: `could not start the job process: ${error.message}`, permanent: false, interrupted: false };
    });
    child.once('exit', (code, signal) => {
      context.signal.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      if (outcome?.type === 'result') resolve(outcome.value);
      else if (outcome?.type === 'error' && outcome.interrupted) reject(new JobInterruptedError(outcome.message));
      else if (outcome?.type === 'error') reject(new ChildJobError(outcome.name, outcome.message, outcome.permanent, outcome.stack));
      else if (context.signal.aborted) reject(new JobInterruptedError(`the job process stopped (${signal ?? `exit code ${code}`}) after it was asked to`));
      else reject(new Error(`the job process exited without a result (${signal ?? `exit code ${code}`})`));
    });
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
    send({ type: 'start', kind, job: context.job, storeUrl: context.storeUrl, datasetsRoot: context.datasetsRoot, fence: context.fence, queue });
  });
}
