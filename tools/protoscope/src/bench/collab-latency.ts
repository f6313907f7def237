/**
 * Edit-to-remote-observe latency of live co-editing: a real server on a fresh SQLite store, ten
 * programmatic editors (the browser's Hocuspocus provider on Node's `ws`) on one notebook, each
 * typing into the same markdown cell at a steady pace. For every edit, the time until each of the
 * other editors' documents holds it (the moment a browser would render it), and until all of them do.
 */
import { openCollabClient, startTemporaryServer, waitFor } from '@protoscope/server';
import { cellText, readCells } from '@protoscope/notebook-doc';
import type * as Y from 'yjs';
import { summarise, type LatencySummary } from './graph-latency';

export interface CollabLatencyReport {
  kind: 'collab-latency';
  node: string;
  store: 'sqlite';
  editors: number;
  editsPerEditor: number;
  intervalMs: number;
  /** Each edit as seen by each other editor. */
  remoteObserve: LatencySummary;
  /** Each edit until the last of the other editors has it. */
  allObserved: LatencySummary;
  /** From the last edit until every document and the stored state agree. */
  convergeMs: number;
}

export interface CollabLatencyOptions {
  editors: number;
  edits: number;
  intervalMs: number;
}

const MARK = /⟦(\d+)\.(\d+)⟧/g;

export async function runCollabLatency(options: CollabLatencyOptions): Promise<CollabLatencyReport> {
  const server = await startTemporaryServer({ collab: { storeDelayMs: 1000 } });
  const clients: Array<ReturnType<typeof openCollabClient>> = [];
  try {
    const notebook = await server.store.notebooks.create({ title: 'collab bench' });
    const cell = await server.store.cells.add(notebook.id, { type: 'markdown', spec: { source: '' } });
    for (let i = 0; i < options.editors; i++) clients.push(openCollabClient(server, notebook.id, server.token));
    await Promise.all(clients.map((c) => c.synced));

    const sentAt = new Map<string, number>();
    const seen = new Map<string, number[]>();
    clients.forEach((client, observer) => {
      const text = cellText(client.doc, cell.id, 'source')!;
      text.observe((event: Y.YTextEvent) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const match of op.insert.matchAll(MARK)) {
            const key = `${match[1]}.${match[2]}`;
            if (Number(match[1]) !== observer) (seen.get(key) ?? seen.set(key, []).get(key)!).push(now);
          }
        }
      });
    });

    await Promise.all(
      clients.map(async (client, editor) => {
        // Editors start out of step, as people do.
        await sleep((editor * options.intervalMs) / options.editors);
        for (let n = 0; n < options.edits; n++) {
          const text = cellText(client.doc, cell.id, 'source')!;
          const key = `${editor}.${n}`;
          sentAt.set(key, performance.now());
          text.insert(Math.floor(text.length / 2), `⟦${key}⟧`);
          await sleep(options.intervalMs);
        }
      }),
    );
    const lastEdit = performance.now();
    const others = options.editors - 1;
    await waitFor(() => [...sentAt.keys()].every((key) => (seen.get(key)?.length ?? 0) >= others), 'every edit to reach every editor', 30_000);
    const agreed = () => {
      const first = JSON.stringify(readCells(clients[0]!.doc));
      return clients.every((c) => JSON.stringify(readCells(c.doc)) === first);
    };
    await waitFor(agreed, 'the documents to agree', 30_000);
    const final = readCells(clients[0]!.doc)[0]!.spec.source;
    await waitFor(async () => (await server.store.cells.get(cell.id)).spec.source === final, 'the store to hold the final text', 30_000);
    const convergeMs = performance.now() - lastEdit;

    const each: number[] = [];
    const all: number[] = [];
    for (const [key, sent] of sentAt) {
      const times = seen.get(key)!;
      for (const t of times) each.push(t - sent);
      all.push(Math.max(...times) - sent);
    }
    return {
      kind: 'collab-latency',
      node: process.version,
      store: 'sqlite',
      editors: options.editors,
      editsPerEditor: options.edits,
      intervalMs: options.intervalMs,
      remoteObserve: summarise(each),
      allObserved: summarise(all),
      convergeMs: Math.round(convergeMs),
    };
  } finally {
    for (const client of clients) client.close();
    await server.close();
  }
}

export function formatCollabLatency(report: CollabLatencyReport): string {
  const row = (name: string, s: LatencySummary) => `${name.padEnd(28)} p50 ${s.p50Ms.toFixed(1)} ms  p95 ${s.p95Ms.toFixed(1)} ms  max ${s.maxMs.toFixed(1)} ms  (${s.requests})`;
  return [
    `co-editing: ${report.editors} editors × ${report.editsPerEditor} edits every ${report.intervalMs} ms (${report.store}, node ${report.node})`,
    row('edit → one remote editor', report.remoteObserve),
    row('edit → all remote editors', report.allObserved),
    `converged and stored ${report.convergeMs} ms after the last edit`,
  ].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
