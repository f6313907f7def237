/**
 * Child processes for end-to-end tests: started with their output captured (shown when something
 * fails), awaited until they answer over HTTP, and stopped by their own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export class ProcessFailedError extends Error {
  constructor(what: string, detail: string, output: string) {
    super(`${what} ${detail}; its last output:\n${output.slice(-4000)}`);
    this.name = 'ProcessFailedError';
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(what: string, command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to its end; a non-zero exit is an error carrying the output. */
export async function runToEnd(what: string, command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  const running = startProcess(what, command, args, options);
  const code = await new Promise<number | null>((resolve) => running.child.once('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new ProcessFailedError(what, `exited with code ${code}`, running.output());
  return running.output();
}

/** Polls `url` until it answers with a status below 500 (or the process dies, or time runs out). */
export async function waitForHttp(what: string, url: string, running: RunningProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new ProcessFailedError(what, `exited with code ${running.child.exitCode} before answering`, running.output());
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new ProcessFailedError(what, `did not answer ${url} within ${timeoutMs / 1000} s`, running.output());
}
