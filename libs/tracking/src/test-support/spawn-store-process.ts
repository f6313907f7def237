/** Starts store-process.ts in a child process (see there) and follows its two output lines. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface StoreProcess {
  /** Resolves once the process has opened the store, with the migrations its open applied. */
  opened: Promise<{ applied: string[] }>;
  /** Lets the process start claiming jobs. */
  go(): void;
  /** The ids of the jobs it claimed. */
  claimed: Promise<number[]>;
  /** Ends the process if it still runs (call in `finally`, so a failed test leaves nothing behind). */
  kill(): void;
}

const SCRIPT = path.join(__dirname, 'store-process.ts');
const WORKSPACE = path.resolve(__dirname, '../../../..');

export function startStoreProcess(url: string, artifactsDir: string, worker: string): StoreProcess {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', SCRIPT, url, artifactsDir, worker], {
    cwd: WORKSPACE,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let resolveOpened: (value: { applied: string[] }) => void = () => undefined;
  let rejectOpened: (error: Error) => void = () => undefined;
  const opened = new Promise<{ applied: string[] }>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    if (lines.length > 1) resolveOpened(JSON.parse(lines[0]!) as { applied: string[] });
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const claimed = new Promise<number[]>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code === 0) {
        resolve(JSON.parse(stdout.split('\n')[1]!) as number[]);
        return;
      }
      const error = new Error(`store process ${worker} exited with ${code}: ${stderr}`);
      rejectOpened(error);
      reject(error);
    });
  });
  // Avoid unhandled rejections when a test awaits only one of the two.
  opened.catch(() => undefined);
  claimed.catch(() => undefined);
  return {
    opened,
    claimed,
    go: () => child.stdin.write('go\n'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
