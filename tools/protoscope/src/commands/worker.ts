import { type Command, InvalidArgumentError } from 'commander';
import { isJobKind, JOB_KINDS } from '@protoscope/job-contract';
import { TrackingError } from '@protoscope/tracking';
import { UserFacingError } from '../user-facing-error';
import { runWorker } from '../application/worker/worker-loop';
import { commaList } from './arguments';
import type { CommandModule } from './index';

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a number > 0');
  return parsed;
}

/** `train,explain` → job kinds, each one the contract knows (a misspelt kind would never be taken). */
function jobKindList(value: string): string[] {
  const kinds = commaList(value);
  const unknown = kinds.filter((kind) => !isJobKind(kind));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown job kind ${unknown.join(', ')} (use: ${JOB_KINDS.join(', ')})`);
  return kinds;
}

interface WorkerFlags {
  store?: string;
  queue?: string;
  stalledSeconds?: number;
  kinds?: string[];
  name?: string;
  once?: boolean;
  pollMs: number;
  leaseSeconds?: number;
}

/**
 * `protoscope worker`: takes jobs from the store until stopped. Ctrl-C / SIGTERM interrupts the job
 * under way (training checkpoints) and hands it back to the queue; a worker started by a pool also
 * stops when the pool's process goes away.
 */
export const workerCommand: CommandModule = {
  register(program: Command) {
    program
      .command('worker')
      .description('Run jobs (train, generate-dataset, import-dataset, …) from the queue (the store’s, or BullMQ on Redis) until stopped.')
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME)')
      .option('--queue <url>', 'the job queue: embedded (in the store) or redis://HOST:PORT for BullMQ (default: PROTOSCOPE_QUEUE, else embedded)')
      .option('--stalled-seconds <s>', 'bullmq: how often to look for jobs whose worker stopped renewing its lock (default 15)', positiveNumber)
      .option('--kinds <list>', `only these job kinds, comma-separated: ${JOB_KINDS.join(', ')}`, jobKindList)
      .option('--name <name>', 'worker name, unique among running workers (default: <host>-<pid>)')
      .option('--once', 'do at most one job, then exit')
      .option('--poll-ms <ms>', 'wait between looks at an empty queue', positiveNumber, 1000)
      .option('--lease-seconds <s>', 'how long a job stays ours without a heartbeat (default 60)', positiveNumber)
      .action(async (flags: WorkerFlags) => {
        const controller = new AbortController();
        const stop = (why: string) => () => {
          // A second Ctrl-C means now (the job's lease will expire and another worker resumes it). Other
          // repeats are expected: a terminal's Ctrl-C reaches a pool's workers and the pool's SIGTERM.
          if (controller.signal.aborted) {
            if (why === 'SIGINT') process.exit(130);
            return;
          }
          process.stderr.write(`worker: ${why}; finishing the current step and handing the job back…\n`);
          controller.abort();
        };
        const onSigint = stop('SIGINT');
        const onSigterm = stop('SIGTERM');
        const onDisconnect = stop('the pool went away');
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigterm);
        // Started by a pool with an IPC channel: when the pool's process dies, the channel closes …
        if (process.connected) {
          process.on('disconnect', onDisconnect);
          process.channel?.unref(); // (the channel alone must not keep a finished worker alive)
        }
        // … and so may the pipe of our log: still hand the job back, unlogged.
        process.stderr.on('error', () => undefined);
        try {
          await runWorker({
            storeUrl: flags.store,
            queue: flags.queue,
            stalledIntervalMs: flags.stalledSeconds === undefined ? undefined : Math.round(flags.stalledSeconds * 1000),
            name: flags.name,
            kinds: flags.kinds,
            once: flags.once,
            pollMs: flags.pollMs,
            leaseMs: flags.leaseSeconds === undefined ? undefined : Math.round(flags.leaseSeconds * 1000),
            signal: controller.signal,
          });
        } catch (error) {
          if (error instanceof TrackingError) throw new UserFacingError(error.message);
          throw error;
        } finally {
          process.off('SIGINT', onSigint);
          process.off('SIGTERM', onSigterm);
          process.off('disconnect', onDisconnect);
        }
      });
  },
};
