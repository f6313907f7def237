import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { defaultStoreUrl, redactStoreUrl } from '@protoscope/tracking';

/** The CLI entry point; workers are `node <bin> worker …`. */
const PROTOSCOPE_BIN = path.resolve(__dirname, '../../../bin/protoscope.js');

export interface WorkerPoolOptions {
  /** Default: PROTOSCOPE_STORE, else the SQLite store under PROTOSCOPE_HOME. */
  storeUrl?: string;
  workers: number;
  /** Receives every line the workers print, prefixed with the worker's name, and the pool's own notes. */
  log: (line: string) => void;
  kinds?: readonly string[];
  /** Lease of each worker's jobs (default the worker's, 60 s): how soon a crashed worker's job runs again. */
  leaseMs?: number;
  pollMs?: number;
  /** How long stop() waits for a worker to hand back its job before killing it. Default 20 s. */
  stopGraceMs?: number;
  /** Environment of the workers (default this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface PoolWorker {
  /** Unique per process started: a restarted worker has a new name, so its predecessor's lease expires normally. */
  name: string;
  pid: number | undefined;
}

export interface WorkerPool {
  /** The workers running now. */
  workers(): PoolWorker[];
  /** Asks every worker to stop (SIGTERM: it checkpoints and hands its job back), kills those that outlast the grace time. */
  stop(): Promise<void>;
}

interface Slot {
  index: number;
  generation: number;
  child: ChildProcess | undefined;
  name: string;
  /** Quick successive crashes back off, up to 30 s between restarts. */
  crashes: number;
  restartTimer: NodeJS.Timeout | undefined;
}

function pipeLines(stream: NodeJS.ReadableStream | null, prefix: string, log: (line: string) => void): void {
  if (!stream) return;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`${prefix} ${line}`));
}

/**
 * A local pool of `protoscope worker` processes on one store: each is a child process whose output
 * goes to `log` line by line, restarted when it exits unexpectedly. A job whose worker crashed stays
 * leased until its lease expires; then another worker claims it and resumes its run from the last
 * checkpoint. Workers also stop by themselves when this process dies (their IPC channel closes).
 */
export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`startWorkerPool: workers must be a whole number ≥ 1, got ${options.workers}`);
  const storeUrl = options.storeUrl ?? defaultStoreUrl(options.env);
  const { log } = options;
  const poolId = `${os.hostname()}-${process.pid}`;
  let stopping = false;

  const args = (name: string) => [
    PROTOSCOPE_BIN,
    'worker',
    '--store',
    storeUrl,
    '--name',
    name,
    ...(options.kinds ? ['--kinds', options.kinds.join(',')] : []),
    ...(options.leaseMs ? ['--lease-seconds', String(options.leaseMs / 1000)] : []),
    ...(options.pollMs ? ['--poll-ms', String(options.pollMs)] : []),
  ];

  const launch = (slot: Slot) => {
    slot.generation++;
    slot.name = `${poolId}-w${slot.index + 1}.${slot.generation}`;
    const child = spawn(process.execPath, args(slot.name), { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: options.env ?? process.env });
    slot.child = child;
    const startedAt = Date.now();
    const prefix = `[w${slot.index + 1}]`;
    pipeLines(child.stdout, prefix, log);
    pipeLines(child.stderr, prefix, log);
    child.on('error', (error) => log(`${prefix} could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (slot.child === child) slot.child = undefined;
      if (stopping) return;
      // A worker that ran a while before crashing restarts at once; repeated quick crashes back off.
      slot.crashes = Date.now() - startedAt > 60_000 ? 1 : slot.crashes + 1;
      const delay = Math.min(30_000, 500 * 2 ** (slot.crashes - 1));
      log(`${prefix} worker ${slot.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s`);
      slot.restartTimer = setTimeout(() => {
        slot.restartTimer = undefined;
        if (!stopping) launch(slot);
      }, delay);
    });
  };

  const slots: Slot[] = Array.from({ length: options.workers }, (_, index) => ({ index, generation: 0, child: undefined, name: '', crashes: 0, restartTimer: undefined }));
  for (const slot of slots) launch(slot);
  log(`worker pool: ${options.workers} worker${options.workers === 1 ? '' : 's'} on ${redactStoreUrl(storeUrl)}`);

  return {
    workers: () => slots.filter((s) => s.child).map((s) => ({ name: s.name, pid: s.child!.pid })),
    async stop() {
      stopping = true;
      const grace = options.stopGraceMs ?? 20_000;
      await Promise.all(
        slots.map(async (slot) => {
          clearTimeout(slot.restartTimer);
          const child = slot.child;
          if (!child || child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.kill('SIGTERM');
          const timer = setTimeout(() => {
            log(`[w${slot.index + 1}] did not stop within ${(grace / 1000).toFixed(0)} s; killing it`);
            child.kill('SIGKILL');
          }, grace);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
