import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '@protoscope/tracking';
import { DEMO_NOTEBOOK_ID, DEMO_RUNS, DEMO_TAG } from './demo-plan';

export type DemoSelection =
  /** The runs table now ticks these runs. */
  | { status: 'selected'; runIds: string[] }
  /** Nothing new to tick. */
  | { status: 'unchanged' }
  /** Someone else chose the selection (or there is no demo runs table): leave it alone. */
  | { status: 'not-ours' };

/**
 * Ticks the demo runs in the demo notebook's runs table — its selection feeds every chart — as the
 * runs appear (a run exists from its first training step). It only extends its own choice: an empty
 * selection, or exactly `lastChosen`; a selection anybody else made is theirs.
 */
export async function selectDemoRuns(store: Store, lastChosen: readonly string[] = []): Promise<DemoSelection> {
  if (!(await store.findNotebook(DEMO_NOTEBOOK_ID))) return { status: 'not-ours' };
  const table = (await store.cells(DEMO_NOTEBOOK_ID)).find((cell) => cell.type === 'runs-table');
  if (!table) return { status: 'not-ours' };
  const raw = table.spec['selected'];
  const current = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  const ours = current.length === 0 || (current.length === lastChosen.length && current.every((id, i) => id === lastChosen[i]));
  if (!ours) return { status: 'not-ours' };
  const runIds = (await store.listRuns({ tags: [DEMO_TAG], order: 'oldest' })).map((run) => run.id);
  if (runIds.length === current.length) return { status: 'unchanged' };
  await store.updateCell(table.id, { spec: { ...table.spec, selected: runIds } });
  return { status: 'selected', runIds };
}

/** Calls {@link selectDemoRuns} every few seconds until every demo run is ticked, the selection is someone else's, or `signal` aborts. */
export async function followDemoRuns(store: Store, options: { signal: AbortSignal; intervalMs?: number }): Promise<void> {
  let chosen: string[] = [];
  while (!options.signal.aborted && chosen.length < DEMO_RUNS.length) {
    const outcome = await selectDemoRuns(store, chosen);
    if (outcome.status === 'not-ours') return;
    if (outcome.status === 'selected') chosen = outcome.runIds;
    await sleep(options.intervalMs ?? 3000, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
