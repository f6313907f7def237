import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '@protoscope/tracking';
import { DEMO_NOTEBOOK_ID, DEMO_RUNS, DEMO_TAG } from './demo-plan';

/** Writes the runs table's selection; a running server writes through the notebook's live document. */
export type WriteSelection = (cellId: string, selected: string[]) => Promise<void>;

/** Writes the cell row: right while nobody has opened the notebook (before it has a live document). */
export const writeSelectionRow =
  (store: Store): WriteSelection =>
  async (cellId, selected) => {
    const cell = await store.cells.get(cellId);
    await store.cells.update(cellId, { spec: { ...cell.spec, selected } });
  };

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
export async function selectDemoRuns(store: Store, lastChosen: readonly string[] = [], write: WriteSelection = writeSelectionRow(store)): Promise<DemoSelection> {
  if (!(await store.notebooks.find(DEMO_NOTEBOOK_ID))) return { status: 'not-ours' };
  const table = (await store.cells.list(DEMO_NOTEBOOK_ID)).find((cell) => cell.type === 'runs-table');
  if (!table) return { status: 'not-ours' };
  const raw = table.spec['selected'];
  const current = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  const ours = current.length === 0 || (current.length === lastChosen.length && current.every((id, i) => id === lastChosen[i]));
  if (!ours) return { status: 'not-ours' };
  const runIds = (await store.runs.list({ tags: [DEMO_TAG], order: 'oldest' })).map((run) => run.id);
  if (runIds.length === current.length) return { status: 'unchanged' };
  await write(table.id, runIds);
  return { status: 'selected', runIds };
}

/** Calls {@link selectDemoRuns} every few seconds until every demo run is ticked, the selection is someone else's, or `signal` aborts. */
export async function followDemoRuns(store: Store, options: { signal: AbortSignal; intervalMs?: number; write?: WriteSelection }): Promise<void> {
  let chosen: string[] = [];
  while (!options.signal.aborted && chosen.length < DEMO_RUNS.length) {
    const outcome = await selectDemoRuns(store, chosen, options.write);
    if (outcome.status === 'not-ours') return;
    if (outcome.status === 'selected') chosen = outcome.runIds;
    await sleep(options.intervalMs ?? 3000, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
