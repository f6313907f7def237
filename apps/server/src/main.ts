/**
 * Runs the server alone: `tsx apps/server/src/main.ts` (store from PROTOSCOPE_STORE, port from PORT,
 * host from HOST). `protoscope serve` is the usual way; it can also start workers.
 */
import { startServer } from './server';

async function main(): Promise<void> {
  const server = await startServer({
    storeUrl: process.env.PROTOSCOPE_STORE,
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    host: process.env.HOST,
  });
  process.stdout.write(`protoscope server: ${server.graphqlUrl} (store ${server.store.url})\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
