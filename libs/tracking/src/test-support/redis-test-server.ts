/**
 * Test support: a private `redis-server` (Debian's, Redis 7) on a free loopback port in a temporary
 * folder, configured as the job queue needs it (append-only, noeviction, no RDB snapshots). `restart`
 * keeps the folder, so append-only data survives it; `stop` removes everything. Tests that need it
 * call `redisSkipReason()` first: without a `redis-server` on PATH they are skipped with that reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

export interface RedisTestServer {
  url: string;
  port: number;
  /** Stops Redis (SIGTERM: it writes its append-only file) and starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Stops Redis and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why Redis tests cannot run here, or undefined when they can. */
export function redisSkipReason(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? `redis-server is not installed (${probe.error.message}); apt-get install redis-server` : undefined;
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Short timeouts: ioredis keeps a disconnected socket's timer running for disconnectTimeout (2 s).
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500, disconnectTimeout: 50 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

/** Starts a private redis-server; `extraArgs` override its settings (e.g. `['--maxmemory-policy', 'allkeys-lru']`). */
export async function startRedisTestServer(extraArgs: readonly string[] = []): Promise<RedisTestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '', ...extraArgs];
    const started = spawn('redis-server', args, { stdio: 'ignore' });
    child = started;
    await waitUntilAnswering(url, 10_000);
  };
  const halt = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await launch();
  let stopped = false;
  return {
    url,
    port,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
