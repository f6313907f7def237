import { randomUUID } from 'node:crypto';
import { replaceCells, type JsonObject } from '@protoscope/notebook-doc';
import type { Store } from '@protoscope/tracking';
import * as Y from 'yjs';
import { REPRODUCE_TAG } from './arm-runs';
import type { ClaimResult } from './claim-result';

export const CLAIMS_NOTEBOOK_ID = 'claims';
export const CLAIMS_NOTEBOOK_TITLE = "Claims: the seed systems' headline results, reproduced";

export interface NotebookCellSpec {
  /** A name other cells' bindings use as `@key`. */
  key?: string;
  type: string;
  spec: JsonObject;
}

/**
 * The claims notebook: the table (a markdown cell), a runs table of every reproduce run feeding a
 * validation-AUC chart, then per claim with runs its own charts over exactly its runs (validation
 * AUC and loss over epochs, seeds as mean ± std bands, and test ROC curves).
 */
export function claimsNotebookCells(markdown: string, results: readonly ClaimResult[]): NotebookCellSpec[] {
  const allRuns = [...new Set(results.flatMap((r) => r.runs.map((run) => run.id)))];
  const cells: NotebookCellSpec[] = [
    { type: 'markdown', spec: { source: markdown } },
    {
      key: 'runs',
      type: 'runs-table',
      spec: { filter: { tags: { all: [REPRODUCE_TAG] } }, sort: { column: 'name', descending: false }, columns: [], selected: allRuns, limit: 500 },
    },
    { type: 'metric-chart', spec: { runs: { fromCell: '@runs', runIds: [] }, metrics: ['val/auc'], groupBySeeds: true } },
  ];
  for (const result of results) {
    if (result.runs.length === 0) continue;
    const runIds = result.runs.map((run) => run.id);
    cells.push(
      { type: 'markdown', spec: { source: `## ${result.claim.section} ${result.claim.system}: ${result.verdict}\n\n${result.claim.headline}\n\n${result.setting.description}.` } },
      { type: 'metric-chart', spec: { runs: { runIds }, metrics: ['val/auc', 'train/loss'], groupBySeeds: true } },
    );
    const classified = Object.values(result.setting.arms).some((arm) => arm.evaluation.suites.includes('classification'));
    if (classified) cells.push({ type: 'roc-pr', spec: { runs: { runIds }, evaluation: 'classification', split: 'test', show: 'roc', classIndex: null } });
  }
  return cells;
}

/** `fromCell: '@key'` → the id of the cell with that key. */
function resolveKeys(cells: readonly NotebookCellSpec[], ids: readonly string[]): Array<{ id: string; type: string; spec: JsonObject }> {
  const byKey = new Map(cells.flatMap((cell, i) => (cell.key ? [[cell.key, ids[i]!] as const] : [])));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'fromCell' && typeof v === 'string' && v.startsWith('@') ? byKey.get(v.slice(1)) : resolve(v)]));
  };
  return cells.map((cell, i) => ({ id: ids[i]!, type: cell.type, spec: resolve(cell.spec) as JsonObject }));
}

/**
 * Makes notebook `claims` hold exactly these cells: created the first time; rewritten as rows while
 * nobody has opened it; once it has a live document, edited through that document (a new change
 * every peer merges) and written through to the rows, as the server does.
 */
export async function writeClaimsNotebook(store: Store, cells: readonly NotebookCellSpec[]): Promise<{ created: boolean }> {
  const existing = await store.notebooks.find(CLAIMS_NOTEBOOK_ID);
  const ids = cells.map(() => randomUUID());
  const resolved = resolveKeys(cells, ids);
  if (!existing) {
    await store.notebooks.create({ id: CLAIMS_NOTEBOOK_ID, title: CLAIMS_NOTEBOOK_TITLE });
  }
  const state = existing && (await store.documents.load(CLAIMS_NOTEBOOK_ID));
  if (state) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    replaceCells(doc, resolved);
    await store.documents.save(CLAIMS_NOTEBOOK_ID, { state: Y.encodeStateAsUpdate(doc), cells: resolved });
    doc.destroy();
    return { created: false };
  }
  for (const cell of await store.cells.list(CLAIMS_NOTEBOOK_ID)) await store.cells.delete(cell.id);
  const added: string[] = [];
  for (const cell of cells) {
    const provisional = resolveKeys(cells, [...added, ...ids.slice(added.length)])[added.length]!;
    added.push((await store.cells.add(CLAIMS_NOTEBOOK_ID, { type: cell.type, spec: provisional.spec })).id);
  }
  return { created: !existing };
}
