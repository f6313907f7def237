/**
 * A training started through the graph, run by a real worker process, followed live over the
 * graphql-ws websocket: the job's updates name the run, and the run's progress events carry its
 * metric points while it trains, until the final status.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '@protoscope/datasets';
import { queryData, startTemporaryServer, subscribe, type LiveSubscription, type TemporaryServer } from '@protoscope/server';
import { startProcess, type RunningProcess } from './processes';

const REPO = path.resolve(__dirname, '../../..');
const EPOCHS = 20;

jest.setTimeout(180_000);

/** The first value `pick` finds in the subscription's events, waiting for more as they come. */
async function firstOf<T, V>(live: LiveSubscription<T>, pick: (event: T) => V | undefined): Promise<V> {
  for (let seen = 1; ; seen++) {
    const found = pick((await live.waitFor(seen))[seen - 1]!);
    if (found !== undefined) return found;
  }
}

describe('a training followed live through the graph', () => {
  let dir: string;
  let server: TemporaryServer;
  let worker: RunningProcess | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-live-'));
    const data = path.join(dir, 'tiny');
    await generateDataset('mammo-two-view', { n: 48, seed: 4, size: 16, options: {} }, data);
    server = await startTemporaryServer({ pollIntervalMs: 100 });
    await server.store.datasets.register({ id: 'tiny', path: data, imageCount: 48, classes: ['normal', 'benign', 'malignant'] });
  });

  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('streams the run’s metric points while a worker process trains it', async () => {
    const { startRun } = await queryData<{ startRun: { id: string; status: string } }>(
      server,
      `mutation { startRun(input: { method: "global", datasetId: "tiny", epochs: ${EPOCHS}, seed: 1, batchSize: 4, config: { backbone: { name: "small-cnn", options: { widths: [4, 8] } } } }) { id status } }`,
    );
    expect(startRun.status).toBe('QUEUED');
    const job = subscribe<{ jobUpdated: { status: string; runId: string | null } }>(server, `subscription ($id: ID!) { jobUpdated(id: $id) { status runId } }`, { id: startRun.id });
    worker = startProcess('worker', process.execPath, [path.join(REPO, 'tools/protoscope/bin/protoscope.js'), 'worker', '--store', server.storeUrl, '--once', '--poll-ms', '50'], {
      cwd: REPO,
      env: { PROTOSCOPE_HOME: path.join(dir, 'home') },
    });
    const runId = await firstOf(job, (event) => event.jobUpdated.runId ?? undefined);

    const progress = subscribe<{ runProgress: { initial: boolean; status: string; metrics: Array<{ key: string; points: Array<{ epoch: number | null }> }> } }>(
      server,
      `subscription ($run: ID!) { runProgress(runId: $run) { initial status metrics { key points { epoch } } } }`,
      { run: runId },
    );
    await progress.completed;
    const events = progress.events.map((e) => e.runProgress);
    expect(events.at(-1)!.status).toBe('FINISHED');
    // Points that arrived after the subscription began: the run was followed while it trained.
    const live = events.filter((e) => !e.initial && e.metrics.some((m) => m.key === 'val/auc' || m.key === 'train/loss'));
    expect(live.length).toBeGreaterThan(0);
    // Every epoch's training loss reached the subscriber exactly once, initial state included.
    const lossEpochs = events.flatMap((e) => e.metrics.filter((m) => m.key === 'train/loss').flatMap((m) => m.points.map((p) => p.epoch)));
    expect([...lossEpochs].sort((a, b) => a! - b!)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i));
    const stored = await server.store.metrics.history(runId, 'train/loss');
    expect(stored).toHaveLength(EPOCHS);
    await job.close();
  });
});
