/**
 * Two worker hosts on one machine: each `protoscope worker` runs in a network namespace of its own
 * and reaches Redis (the bullmq queue) only over its veth link. A 20-trial random sweep, two trials
 * at a time, is shared between them; one host's link goes down for longer than the lock while it
 * trains a trial, the other host takes the trial over from its checkpoint, and whatever the cut-off
 * host still tries to write for it is refused by the fence. Every trial is written exactly once.
 *
 * Skipped (with the reason printed) where network namespaces cannot be made: not root, no `ip`, no
 * redis-server. With PROTOSCOPE_TEST_POSTGRES_URL the store is PostgreSQL (a schema of its own),
 * reached from the namespaces through a TCP relay here, so the partition cuts the store too and the
 * cut-off host's writes arrive late, to be refused by the fence; without it the store is an SQLite
 * file both namespaces share through the file system. Artifacts are in an S3-compatible server
 * (s3rver, on loopback here) that the hosts reach through a TCP relay over their links too, so no
 * artifact passes through the shared file system; after the sweep every trial's checkpoints are read
 * back from the bucket directly (hashed here) and through the store (integrity checked).
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import pg from 'pg';
import { openJobBackend, openStore, type JobBackend, type Store } from '@protoscope/tracking';
import { redisSkipReason, startRedisTestServer, type RedisTestServer } from '@protoscope/tracking/redis-test-server';
import { startSweep } from '../sweep/start-sweep';
import { registerDatasetFolder } from './dataset-folders';
import { createTestHosts, netnsSkipReason, type TestHost } from './testing/network-namespaces';
import { TINY_CONFIG, tinyWorkspace, waitFor } from './testing/worker-fixtures';

const BIN = path.resolve(__dirname, '../../../bin/protoscope.js');
const TRIALS = 20;
const EPOCHS = 3;
// Long enough that a worker on a loaded machine does not lose its lock between heartbeats.
const LEASE_SECONDS = 4;
const skip = redisSkipReason() ?? netnsSkipReason();
const postgresBase = process.env.PROTOSCOPE_TEST_POSTGRES_URL?.trim() || undefined;
const BUCKET = 'protoscope-hosts';
const PREFIX = 'team';
/** s3rver's fixed development keys. */
const S3_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface S3rverInstance {
  run(): Promise<net.AddressInfo>;
  close(): Promise<void>;
}

/** What a process needs to keep its artifacts in the bucket, reaching the server at `endpoint`. */
function s3Env(endpoint: string): NodeJS.ProcessEnv {
  return {
    PROTOSCOPE_ARTIFACTS: `s3://${BUCKET}/${PREFIX}`,
    PROTOSCOPE_S3_ENDPOINT: endpoint,
    PROTOSCOPE_S3_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
  };
}

/** A TCP relay on every address of this namespace to `target`, so the namespaces reach a loopback-only service. */
async function startRelay(target: { host: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(target.port, target.host);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
const describeWithHosts = skip ? describe.skip : describe;
if (skip) process.stderr.write(`two-host worker test skipped: ${skip}\n`);

describeWithHosts(`two worker hosts in network namespaces${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let redis: RedisTestServer;
  let workspace: Awaited<ReturnType<typeof tinyWorkspace>>;
  let store: Store;
  let backend: JobBackend;
  let network: ReturnType<typeof createTestHosts>;
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  let s3: S3rverInstance | undefined;
  let s3Relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  /** The S3 endpoint on loopback, as this process sees it. */
  let s3Endpoint: string;
  const schema = `hosts_${process.pid}_${randomBytes(3).toString('hex')}`;
  /** The store's URL as a host sees it. */
  let storeUrlFor: (host: TestHost) => string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    network = createTestHosts(2);
    redis = await startRedisTestServer(['--bind', '0.0.0.0', '--protected-mode', 'no']);
    workspace = await tinyWorkspace();
    // s3rver ships no types.
    const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(workspace.root, 's3'), configureBuckets: [{ name: BUCKET }] });
    const s3Port = (await s3.run()).port;
    s3Endpoint = `http://127.0.0.1:${s3Port}`;
    s3Relay = await startRelay({ host: '127.0.0.1', port: s3Port });
    const artifacts = { artifacts: `s3://${BUCKET}/${PREFIX}`, env: s3Env(s3Endpoint) };
    if (postgresBase) {
      const base = new URL(postgresBase);
      base.searchParams.set('schema', schema);
      relay = await startRelay({ host: base.hostname, port: Number(base.port || 5432) });
      storeUrlFor = (host) => {
        const url = new URL(base);
        url.hostname = host.gatewayAddress;
        url.port = String(relay!.port);
        return url.toString();
      };
      store = await openStore(base.toString(), artifacts);
    } else {
      storeUrlFor = () => workspace.storeUrl;
      store = await openStore(workspace.storeUrl, artifacts);
    }
    backend = await openJobBackend(store, { queue: redis.url });
  }, 60_000);

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await backend?.close();
    await store?.close();
    await relay?.close();
    await s3Relay?.close();
    await s3?.close();
    if (postgresBase) {
      const admin = new pg.Client({ connectionString: postgresBase });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`).finally(() => admin.end());
    }
    await redis?.stop();
    network?.remove();
    workspace?.remove();
  });

  function startWorker(host: TestHost, name: string): { output: () => string } {
    let output = '';
    const child = spawn(
      'ip',
      ['netns', 'exec', host.namespace, process.execPath, BIN, 'worker', '--store', storeUrlFor(host), '--queue', `redis://${host.gatewayAddress}:${redis.port}`,
        '--name', name, '--lease-seconds', String(LEASE_SECONDS), '--stalled-seconds', '0.5', '--poll-ms', '100'],
      // Artifacts in the bucket, reached over the host's link.
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...s3Env(`http://${host.gatewayAddress}:${s3Relay!.port}`) } },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    workers.push(child);
    return { output: () => output };
  }

  it('shares a 20-trial sweep; a host cut off longer than the lock loses its trial to the other, whose results alone are kept', async () => {
    const [hostA, hostB] = network.hosts as [TestHost, TestHost];
    const a = startWorker(hostA, 'host-a');
    const b = startWorker(hostB, 'host-b');
    for (const [name, worker] of [['host-a', a], ['host-b', b]] as const) {
      await waitFor(`${name} to start`, async () => (new RegExp(`worker ${name}: taking`).test(worker.output()) ? true : undefined), 120_000).catch((error: unknown) => {
        throw new Error(`${String(error)}; its output:\n${worker.output()}`);
      });
    }
    const dataset = (await registerDatasetFolder(store, workspace.data)).id;
    const { sweep } = await startSweep(
      store,
      {
        method: 'global',
        dataset,
        strategy: 'random',
        space: { learningRate: { min: 0.0005, max: 0.01, log: true } },
        budget: TRIALS,
        maxParallel: 2,
        metric: 'val/accuracy',
        settings: { epochs: EPOCHS, batchSize: 4, checkpointEvery: 2, config: TINY_CONFIG },
      },
      undefined,
      backend,
    );

    // host-a trains a trial past a checkpoint: cut its link.
    const victim = await waitFor('host-a to train past a checkpoint', async () => {
      for (const job of await store.jobs.list({ kind: 'sweep-trial', status: 'running' })) {
        if (job.leaseOwner === 'host-a' && job.runId && (await store.checkpoints.latest(job.runId))) return job;
      }
      return undefined;
    }, 180_000, 20);
    // Longer than the lock: BullMQ hands the trial to the other host. (A write host-a had under way
    // when the link went down may hold the job's row until the link is back; the takeover then waits.)
    hostA.setLink(false);
    try {
      await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 2) * 1000));
    } finally {
      hostA.setLink(true);
    }
    const takenOver = await waitFor('another attempt to take the trial over', async () => {
      const job = await store.jobs.get(victim.id);
      return job.attempts >= 2 || job.status !== 'running' ? job : undefined;
    }, 120_000, 20);

    const summary = await waitFor('the sweep to end', async () => {
      const current = await store.sweeps.summary(sweep.id);
      return current.sweep.status === 'running' ? undefined : current;
    }, 500_000, 500).catch((error: unknown) => {
      throw new Error(`${String(error)}\nhost-a:\n${a.output().slice(-4000)}\nhost-b:\n${b.output().slice(-4000)}`);
    });

    const finished = await store.jobs.list({ kind: 'sweep-trial' });
    const failures = finished.filter((job) => job.status !== 'succeeded').map((job) => `job ${job.id} ${job.status} (${job.leaseOwner}, attempt ${job.attempts}): ${job.error}`);
    expect(failures).toEqual([]);
    expect(summary.sweep.status).toBe('finished');
    expect(summary.progress).toMatchObject({ done: TRIALS, failed: 0, running: 0, queued: 0 });
    expect(finished).toHaveLength(TRIALS);
    expect(finished.map((job) => job.status)).toEqual(Array.from({ length: TRIALS }, () => 'succeeded'));
    // The trial was taken over. On a loaded machine a later holder can miss its heartbeat and lose the
    // lock too (a third attempt): what must hold is that it succeeded and, below, wrote one run.
    expect(takenOver.attempts).toBeGreaterThanOrEqual(2);
    const victimAfter = await store.jobs.get(victim.id);
    expect(victimAfter.status).toBe('succeeded');
    expect(victimAfter.attempts).toBeGreaterThanOrEqual(2);
    // Both hosts took trials.
    expect(new Set(finished.map((job) => job.leaseOwner))).toEqual(new Set(['host-a', 'host-b']));
    // Each trial is one run, every epoch once, no step twice — the cut-off host's late writes left nothing.
    expect(await store.runs.list({ tags: [`sweep:${sweep.id}`] })).toHaveLength(TRIALS);
    expect(new Set(summary.trials.map((t) => t.runId)).size).toBe(TRIALS);
    for (const job of finished) {
      expect(job.result).toMatchObject({ runId: job.runId, status: 'finished' });
      expect((await store.metrics.history(job.runId!, 'val/accuracy')).map((p) => p.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i));
      const steps = (await store.metrics.history(job.runId!, 'train/loss')).map((p) => p.step);
      expect(new Set(steps).size).toBe(steps.length);
    }
    // Every trial's checkpoints are objects in the bucket under their hash, read back here with a
    // client of our own (hashed by node:crypto) and through the store (which re-hashes on read).
    expect(store.artifactsKind).toBe('s3');
    const raw = new S3Client({ endpoint: s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_KEYS });
    try {
      const keys = new Set<string>();
      let token: string | undefined;
      do {
        const page = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
        for (const object of page.Contents ?? []) keys.add(object.Key!);
        token = page.NextContinuationToken;
      } while (token);
      let checked = 0;
      for (const job of finished) {
        const checkpoints = await store.checkpoints.list(job.runId!);
        // checkpointEvery 2 over 3 epochs: one mid-run checkpoint at least.
        expect(checkpoints.length).toBeGreaterThanOrEqual(1);
        for (const checkpoint of checkpoints) {
          const key = `${PREFIX}/${checkpoint.artifact.slice(0, 2)}/${checkpoint.artifact.slice(2)}`;
          expect(keys).toContain(key);
          const object = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
          const bytes = Buffer.from(await object.Body!.transformToByteArray());
          expect(sha256(bytes)).toBe(checkpoint.artifact);
          expect((await store.artifacts.info(checkpoint.artifact)).sizeBytes).toBe(bytes.length);
          expect(sha256(await store.artifacts.get(checkpoint.artifact, { verify: true }))).toBe(checkpoint.artifact);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(TRIALS);
      // Nothing under any other prefix, and no artifact folder on the shared file system.
      expect([...keys].filter((key) => !key.startsWith(`${PREFIX}/`))).toEqual([]);
      expect(fs.existsSync(path.join(workspace.root, 'home', 'artifacts'))).toBe(false);
    } finally {
      raw.destroy();
    }
    // host-a noticed it had lost the trial (taken over, or already finished by the other host) and stopped.
    expect(a.output()).toMatch(new RegExp(`job ${victim.id} \\(sweep-trial\\): (stopped: it is (running under another attempt|succeeded)|.*no longer holds|.*refused)`));
  }, 600_000);
});
