import { describeEachServer, subscribe } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

interface ProgressEvent {
  runProgress: {
    runId: string;
    status: string;
    initial: boolean;
    statusChanged: boolean;
    metrics: Array<{ key: string; points: Array<{ step: number; epoch: number | null; value: number | null }> }>;
  };
}

const PROGRESS = `subscription ($id: ID!) {
  runProgress(runId: $id) { runId status initial statusChanged metrics { key points { step epoch value } } }
}`;

describeEachServer('subscriptions', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start({ pollIntervalMs: 40 });
  });
  afterAll(() => server?.close());

  it('runProgress delivers metric points written to the store after subscribing, then the final status', async () => {
    const { store } = server;
    await store.runs.create({ id: 'live', method: 'protopnet', config: {}, status: 'running' });
    await store.metrics.log('live', [{ key: 'loss', step: 0, value: 9 }]); // before subscribing: not delivered
    const sub = subscribe<ProgressEvent>(server, PROGRESS, { id: 'live' });
    try {
      const [first] = await sub.waitFor(1);
      expect(first!.runProgress).toEqual({ runId: 'live', status: 'RUNNING', initial: true, statusChanged: false, metrics: [] });

      await store.metrics.log('live', [
        { key: 'loss', step: 10, epoch: 1, value: 0.9 },
        { key: 'val/auc', step: 10, epoch: 1, value: 0.71 },
      ]);
      await store.metrics.log('live', [{ key: 'loss', step: 20, epoch: 2, value: 0.6 }]);
      await store.runs.updateStatus('live', 'finished');
      await sub.completed; // the subscription ends after the final status

      const later = sub.events.slice(1).map((e) => e.runProgress);
      const points = (key: string) => later.flatMap((e) => e.metrics.filter((m) => m.key === key).flatMap((m) => m.points));
      expect(points('loss')).toEqual([
        { step: 10, epoch: 1, value: 0.9 },
        { step: 20, epoch: 2, value: 0.6 },
      ]);
      expect(points('val/auc')).toEqual([{ step: 10, epoch: 1, value: 0.71 }]);
      const last = later[later.length - 1]!;
      expect(last).toMatchObject({ status: 'FINISHED', statusChanged: true, initial: false });
      expect(later.slice(0, -1).every((e) => e.status === 'RUNNING')).toBe(true);
      expect(sub.errors).toEqual([]);
    } finally {
      await sub.close();
    }
  });

  it('two subscribers of one run both get every point and the final status', async () => {
    const { store } = server;
    await store.runs.create({ id: 'shared', method: 'global', config: {}, status: 'running' });
    const a = subscribe<ProgressEvent>(server, PROGRESS, { id: 'shared' });
    const b = subscribe<ProgressEvent>(server, PROGRESS, { id: 'shared' });
    try {
      await Promise.all([a.waitFor(1), b.waitFor(1)]);
      await store.metrics.log('shared', [{ key: 'acc', step: 1, value: 0.5 }]);
      await store.runs.updateStatus('shared', 'failed', { error: 'out of memory' });
      await Promise.all([a.completed, b.completed]);
      for (const sub of [a, b]) {
        const points = sub.events.flatMap((e) => e.runProgress.metrics.flatMap((m) => m.points.map((p) => [m.key, p.step, p.value])));
        expect(points).toEqual([['acc', 1, 0.5]]);
        expect(sub.events[sub.events.length - 1]!.runProgress.status).toBe('FAILED');
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('jobUpdated follows a job from queued to succeeded', async () => {
    const { store } = server;
    const job = await store.jobs.enqueue({ kind: 'evaluate', payload: { runId: 'x', suites: ['classification'] } });
    const sub = subscribe<{ jobUpdated: { id: string; status: string; progress: number | null; result: unknown } }>(
      server,
      'subscription ($id: ID!) { jobUpdated(id: $id) { id status progress result } }',
      { id: String(job.id) },
    );
    try {
      await sub.waitFor(1);
      const claimed = await store.jobs.claimNext('worker-1');
      expect(claimed?.id).toBe(job.id);
      await sub.waitFor(2);
      await store.jobs.complete(job.id, 'worker-1', { auc: 0.8 });
      await sub.completed;
      const statuses = sub.events.map((e) => e.jobUpdated.status);
      expect(statuses[0]).toBe('QUEUED');
      expect(statuses[statuses.length - 1]).toBe('SUCCEEDED');
      expect(statuses).toContain('RUNNING');
      expect(sub.events[sub.events.length - 1]!.jobUpdated).toMatchObject({ id: String(job.id), progress: 1, result: { auc: 0.8 } });
    } finally {
      await sub.close();
    }
  });

  it('a subscription to an unknown run is refused with NOT_FOUND; a too deep one with QUERY_TOO_DEEP', async () => {
    const unknown = subscribe(server, PROGRESS, { id: 'nope' });
    await unknown.completed;
    expect(unknown.events).toEqual([]);
    expect(JSON.stringify(unknown.errors)).toContain('NOT_FOUND');
    const deep = subscribe(server, `subscription { runProgress(runId: "live") { run { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } } }`);
    await deep.completed;
    expect(JSON.stringify(deep.errors)).toContain('QUERY_TOO_DEEP');
    await Promise.all([unknown.close(), deep.close()]);
  });
});
