import { type Command, InvalidArgumentError } from 'commander';
import { NetworkWithoutAccountsError, startServer } from '@protoscope/server';
import { TrackingError } from '@protoscope/tracking';
import { UserFacingError } from '../user-facing-error';
import { startWorkerPool } from '../application/worker/worker-pool';
import type { CommandModule } from './index';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return parsed;
}

function workerCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
  return parsed;
}

interface ServeFlags {
  store?: string;
  queue?: string;
  port: number;
  host: string;
  workers: number;
  webOrigin?: string[];
  allowedHost?: string[];
  dataRoot?: string[];
}

/**
 * `protoscope serve`: the GraphQL server (HTTP + websocket subscriptions + image endpoints) on a
 * store, and optionally a local pool of workers that run the jobs it queues. Ctrl-C stops both
 * (workers hand their jobs back first).
 */
export const serveCommand: CommandModule = {
  register(program: Command) {
    program
      .command('serve')
      .description('Serve the GraphQL API (and, with --workers, run its jobs) on a store.')
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME)')
      .option('--queue <url>', 'the job queue: embedded (in the store) or redis://HOST:PORT for BullMQ (default: PROTOSCOPE_QUEUE, else embedded)')
      .option('--port <port>', 'HTTP port (0 picks a free one)', port, 4000)
      .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
      .option('--workers <n>', 'local worker processes to start (0: queue jobs only)', workerCount, 0)
      .option('--web-origin <origin...>', 'origin(s) of a notebook UI allowed to call from a browser, e.g. http://127.0.0.1:3000')
      .option('--allowed-host <name...>', 'host name(s) clients use besides IP addresses, localhost and this machine\'s name')
      .option('--data-root <dir...>', 'folder(s) that queued imports and evaluations may read (default PROTOSCOPE_DATA_ROOTS, else PROTOSCOPE_HOME)')
      .action(async (flags: ServeFlags) => {
        let server;
        try {
          server = await startServer({
            storeUrl: flags.store,
            queue: flags.queue,
            port: flags.port,
            host: flags.host,
            webOrigins: flags.webOrigin,
            allowedHosts: flags.allowedHost,
            dataRoots: flags.dataRoot,
          });
        } catch (error) {
          if (error instanceof TrackingError || error instanceof NetworkWithoutAccountsError) throw new UserFacingError(error.message);
          if ((error as { code?: string }).code === 'EADDRINUSE') throw new UserFacingError(`port ${flags.port} is in use; pick another with --port`);
          throw error;
        }
        process.stdout.write(`protoscope: GraphQL at ${server.graphqlUrl} (subscriptions ${server.subscriptionsUrl}), store ${server.store.url}\n`);
        process.stdout.write(
          (await server.store.users.firstOwner())
            ? 'protoscope: every call needs a sign-in: `protoscope user login-url` (browser) or `protoscope token create` (scripts)\n'
            : 'protoscope: no accounts yet: `protoscope user login-url` makes the owner and prints a sign-in link; `protoscope token create` a token for scripts\n',
        );
        const pool =
          flags.workers > 0
            ? await startWorkerPool({
                storeUrl: flags.store,
                workers: flags.workers,
                log: (line) => process.stderr.write(`${line}\n`),
                env: flags.queue === undefined ? process.env : { ...process.env, PROTOSCOPE_QUEUE: flags.queue },
              })
            : undefined;
        if (pool) process.stdout.write(`protoscope: ${flags.workers} worker${flags.workers === 1 ? '' : 's'} running jobs\n`);
        else process.stdout.write('protoscope: no workers; queued jobs wait for `protoscope worker` (or restart with --workers N)\n');

        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = () => {
            if (stopping) process.exit(130); // a second Ctrl-C: now
            stopping = true;
            process.stderr.write('protoscope: stopping…\n');
            void (async () => {
              await pool?.stop();
              await server.close();
              resolve();
            })();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};
