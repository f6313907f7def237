import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import type { Command } from 'commander';
import { initEngine } from '@protoscope/engine';
import { NetworkWithoutAccountsError, startServer, type RunningServer } from '@protoscope/server';
import { ensureOwner, loginUrl } from '../application/accounts/workspace-owner';
import { defaultStoreUrl, openStore, TrackingError } from '@protoscope/tracking';
import { followDemoRuns } from '../application/demo/demo-selection';
import { DEMO_NOTEBOOK_ID } from '../application/demo/demo-plan';
import { seedDemo } from '../application/demo/seed-demo';
import { UserFacingError } from '../user-facing-error';
import { ensureWebBuild, NEXT_BIN, NEXT_ENV, WEB_APP_DIR, webBuildIsCurrent, WORKSPACE_ROOT } from '../web/web-build';
import { startWorkerPool } from '../application/worker/worker-pool';
import { positiveInteger } from './arguments';
import type { CommandModule } from './index';


/** A child process of `start`, its output prefixed into our log. */
interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

function launch(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Child {
  const child = spawn(command, args, { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => onLine(`[${label}] ${line}`));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first line matching `pattern` (its first group), or rejects when the child exits first or `timeoutMs` passes. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new UserFacingError(`${what} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const onLine = (line: string) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1] ?? line);
    };
    for (const stream of [child.stdout, child.stderr]) if (stream) readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new UserFacingError(`${what} stopped (exit code ${code}) before it was ready; see its output above`));
    });
  });
}

/**
 * The notebook UI: `next start` on a production build of apps/web when there is one (`next build
 * apps/web`), else `next dev`; it talks to the GraphQL server at `graphqlUrl`.
 */
async function startWeb(options: { port: number; graphqlUrl: string; dev?: boolean; log: (line: string) => void }): Promise<Child & { url: string }> {
  const mode = options.dev ? 'dev' : 'start';
  if (mode === 'start' && !webBuildIsCurrent()) {
    options.log('building the notebook UI (next build; once, and again after its sources change: a minute or two)…');
    await ensureWebBuild((line) => options.log(`[web build] ${line}`));
  }
  const env = { ...process.env, ...NEXT_ENV, NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: options.graphqlUrl };
  const child = launch('web', process.execPath, [NEXT_BIN, mode, WEB_APP_DIR, '--port', String(options.port), '--hostname', '127.0.0.1'], env, options.log);
  await waitForLine(child.process, /(Ready in|ready started|✓ Ready)/i, `the notebook UI (next ${mode})`, 180_000);
  return { ...child, url: `http://127.0.0.1:${options.port}` };
}

interface StartFlags {
  store?: string;
  port: number;
  webPort: number;
  workers: number;
  demo: boolean;
  web: boolean;
  webDev?: boolean;
}

/**
 * `protoscope start`, what `npm start` runs: seeds the demo on a new store (a dataset, three small
 * runs, their explanations and a notebook, all as jobs), then runs a pool of workers, the GraphQL
 * server (in this process, as `protoscope serve` does) and the notebook UI until Ctrl-C.
 */
export const startCommand: CommandModule = {
  register(program: Command) {
    program
      .command('start')
      .description('Start the workbench: workers, GraphQL server and notebook UI on the store (seeds a demo on first start).')
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME, ./.protoscope)')
      .option('--port <n>', 'port of the GraphQL server', positiveInteger, 4000)
      .option('--web-port <n>', 'port of the notebook UI', positiveInteger, 3000)
      .option('--workers <n>', 'worker processes (each trains on one CPU core)', positiveInteger, 2)
      .option('--no-demo', 'do not seed the demo dataset, runs and notebook')
      .option('--no-web', 'serve GraphQL only, without the notebook UI')
      .option('--web-dev', 'run the notebook UI with `next dev` even when a production build exists')
      .action(async (flags: StartFlags) => {
        const log = (line: string) => process.stderr.write(`${line}\n`);
        const engine = await initEngine();
        process.stdout.write(`Protoscope engine ready: backend ${engine.backend} (${engine.threads} thread${engine.threads === 1 ? '' : 's'}).\n`);

        const storeUrl = flags.store ?? defaultStoreUrl();
        const store = await openStore(storeUrl);
        const stopping = new AbortController();
        const children: Child[] = [];
        let pool: Awaited<ReturnType<typeof startWorkerPool>> | undefined;
        let server: RunningServer | undefined;
        const shutdown = async () => {
          stopping.abort();
          await Promise.all([pool?.stop(), server?.close(), ...children.map((c) => c.stop())]);
          await store.close();
        };
        try {
          if (flags.demo) await seedDemo(store, log);
          // One machine: the store's own queue, whatever PROTOSCOPE_QUEUE says (the demo is queued there too).
          pool = await startWorkerPool({ storeUrl, workers: flags.workers, log, env: { ...process.env, PROTOSCOPE_QUEUE: 'embedded' } });
          const webOrigins = [`http://127.0.0.1:${flags.webPort}`, `http://localhost:${flags.webPort}`];
          server = await startServer({ store, queue: 'embedded', port: flags.port, webOrigins }).catch((error: unknown) => {
            if ((error as { code?: string }).code === 'EADDRINUSE') throw new UserFacingError(`port ${flags.port} is in use; pick another with --port`);
            if (error instanceof NetworkWithoutAccountsError) throw new UserFacingError(error.message);
            throw error;
          });
          let address = server.graphqlUrl;
          let passwordPage = `${server.url}/auth/login (POST name and password)`;
          if (flags.web) {
            const web = await startWeb({ port: flags.webPort, graphqlUrl: server.graphqlUrl, dev: flags.webDev, log });
            children.push(web);
            address = flags.demo ? `${web.url}/notebooks/${DEMO_NOTEBOOK_ID}` : web.url;
            passwordPage = `${web.url}/login`;
          }
          // As Jupyter does: the first start makes the owner and prints a one-time URL that signs the browser in.
          const { owner, created } = await ensureOwner(store);
          const signIn = created
            ? `  Open this one-time URL to sign in as ${owner.name} (the owner):\n    ${loginUrl(server.url, (await store.loginLinks.create(owner.id)).secret, flags.web ? address : '/healthz')}\n`
            : `  Sign in: \`protoscope user login-url --next ${address}\` prints a one-time URL (or use your password at ${passwordPage}).\n`;
          process.stdout.write(
            `\nProtoscope is running: ${address}\n${signIn}  GraphQL: ${server.graphqlUrl} (Authorization: Bearer $(protoscope token create --name NAME --scope read --json | tail -1 | jq -r .token))\n  store:   ${store.url}\n  Ctrl-C stops it (running trainings checkpoint and resume on the next start).\n\n`,
          );
          const cells = server.notebookCells;
          const write = async (cellId: string, selected: string[]) => void (await cells.update(cellId, { spec: { selected } }, undefined, null));
          if (flags.demo) void followDemoRuns(store, { signal: stopping.signal, write }).catch((error: unknown) => log(`demo: ${error instanceof Error ? error.message : String(error)}`));
        } catch (error) {
          await shutdown();
          if (error instanceof TrackingError) throw new UserFacingError(error.message);
          throw error;
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            log('\nstopping: workers hand their jobs back…');
            void shutdown().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};
