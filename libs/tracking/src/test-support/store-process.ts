/**
 * A store client in its own process, for the multi-process tests: opens the store, prints one JSON
 * line `{"applied": [...migrations this open applied]}`, waits for a line on stdin (so that several
 * processes act at the same moment), claims jobs until none is left, prints the claimed ids as one
 * JSON line and exits. Started by `startStoreProcess` (spawn-store-process.ts) with `node -r tsx/cjs`.
 *
 *   store-process.ts STORE_URL ARTIFACTS_DIR WORKER_NAME
 */
import { openStore } from '../store';

async function main(): Promise<void> {
  const [url, artifactsDir, worker] = process.argv.slice(2);
  if (!url || !artifactsDir || !worker) throw new Error('usage: store-process.ts STORE_URL ARTIFACTS_DIR WORKER');
  const store = await openStore(url, { artifactsDir });
  process.stdout.write(`${JSON.stringify({ applied: store.appliedMigrations })}\n`);
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const claimed: number[] = [];
  for (;;) {
    const job = await store.jobs.claimNext(worker);
    if (job) {
      claimed.push(job.id);
      continue;
    }
    if ((await store.jobs.list({ status: 'queued' })).length === 0) break;
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(claimed)}\n`);
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
