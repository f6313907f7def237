/**
 * `runProgress(runId)`: new metric points and status changes of one run, read by polling the store.
 * The status is read before the points, so when a terminal status is seen, every point the worker
 * logged before setting it is in the same poll; the subscription then ends.
 */
import { TERMINAL_RUN_STATUSES, type MetricPoint, type Run, type RunStatus, type Store } from '@protoscope/tracking';
import type { PollerHub, PollSource } from './poller-hub';

export interface RunProgressEvent {
  runId: string;
  status: RunStatus;
  initial: boolean;
  statusChanged: boolean;
  /** New points per key, by step. */
  metrics: Array<{ key: string; points: MetricPoint[] }>;
}

function runProgressSource(store: Store, runId: string): PollSource<RunProgressEvent> {
  let seq = 0;
  let status: RunStatus = 'queued';
  return {
    async start() {
      status = (await store.runs.get(runId)).status;
      seq = await store.metrics.lastSeq(runId);
    },
    async poll() {
      const run = await store.runs.find(runId);
      if (!run) return { events: [], finished: true };
      const points = await store.metrics.pointsAfter(runId, seq);
      if (points.length > 0) seq = points[points.length - 1]!.seq;
      const statusChanged = run.status !== status;
      status = run.status;
      const finished = isTerminal(run);
      if (points.length === 0 && !statusChanged) return { events: [], finished };
      return { events: [{ runId, status, initial: false, statusChanged, metrics: groupByKey(points) }], finished };
    },
  };
}

/** Subscribes to the run's progress; the first event is its current status (throws NOT_FOUND for an unknown run). */
export async function subscribeRunProgress(hub: PollerHub, store: Store, runId: string): Promise<AsyncIterableIterator<RunProgressEvent>> {
  const run = await store.runs.get(runId);
  const initial = async (): Promise<RunProgressEvent[]> => {
    const now = await store.runs.get(runId);
    return [{ runId, status: now.status, initial: true, statusChanged: false, metrics: [] }];
  };
  if (isTerminal(run)) {
    // Nothing more will happen: the current state, then the end.
    return (async function* finishedRun() {
      yield* await initial();
    })();
  }
  return hub.subscribe(`run:${runId}`, () => runProgressSource(store, runId), { initial });
}

function isTerminal(run: Run): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status);
}

function groupByKey(points: readonly MetricPoint[]): Array<{ key: string; points: MetricPoint[] }> {
  const byKey = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const list = byKey.get(p.key) ?? [];
    list.push(p);
    byKey.set(p.key, list);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => ({ key, points: list.sort((a, b) => a.step - b.step || a.seq - b.seq) }));
}
