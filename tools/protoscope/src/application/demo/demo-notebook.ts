/**
 * The demo notebook: one cell of each type, as plain JSON specs (the schemas are the web app's
 * `apps/web/src/cells/<type>/cell-spec.ts`). Chart cells take their runs from the runs table's ticked rows:
 * `{ fromCell: '@runs' }` names the cell with key `runs` here and becomes its id when the notebook is
 * created.
 */
import { DEMO_TAG } from './demo-plan';

export interface DemoCell {
  /** A name other cells' bindings use as `@key`. */
  key?: string;
  type: string;
  spec: Record<string, unknown>;
}

export const DEMO_NOTEBOOK_TITLE = 'Demo: three methods on synthetic two-view mammograms';

const fromRunsTable = { fromCell: '@runs', runIds: [] };

export const DEMO_CELLS: readonly DemoCell[] = [
  {
    type: 'markdown',
    spec: {
      source: [
        '# Three ways to classify a mammogram',
        '',
        'Started by `npm start`: a synthetic two-view mammography dataset (600 images, 48 px, masses and',
        'calcifications with exact masks), and one small run each of **global** (a CNN with one linear head),',
        '**ProtoPNet** and **BRAIxProtoPNet++**, tagged `demo`. Runs appear below while they train; when',
        'they finish, explanation jobs compute saliency maps on the validation images.',
        '',
        'Tick runs in the table to change what the charts below show.',
      ].join('\n'),
    },
  },
  {
    key: 'runs',
    type: 'runs-table',
    spec: { filter: { tags: { all: [DEMO_TAG] } }, sort: { column: 'createdAt', descending: false }, columns: [], selected: [] },
  },
  { type: 'metric-chart', spec: { runs: fromRunsTable, metrics: ['train/loss', 'val/auc', 'val/balancedAccuracy'] } },
  { type: 'roc-pr', spec: { runs: fromRunsTable, evaluation: 'classification', show: 'both' } },
  { type: 'confusion-matrix', spec: { runs: fromRunsTable, evaluation: 'classification', normalize: 'rows', maxRuns: 3 } },
  { type: 'parallel-coordinates', spec: { runs: fromRunsTable, params: [], metric: 'val/auc' } },
  { type: 'markdown', spec: { source: '## What the models look at\n\nPrototypes of the prototype methods, then saliency maps over validation images with the lesion outline.' } },
  { type: 'prototype-gallery', spec: { runs: fromRunsTable, maxRuns: 2, perClass: 4, showActivation: true } },
  { type: 'saliency-grid', spec: { runs: fromRunsTable, methods: ['gradcam', 'prototypes'], maxImages: 4, opacity: 0.5, outline: true } },
  { type: 'run-diff', spec: { runs: fromRunsTable, metrics: ['val/auc', 'val/accuracy', 'val/balancedAccuracy'] } },
  {
    type: 'graphql',
    spec: {
      query: 'query DemoJobs {\n  jobs(last: 20) { id kind status progress progressMessage error runId }\n}',
      variables: '{}',
      view: 'table',
    },
  },
];

/** A copy of `spec` with every `fromCell: '@key'` replaced by that cell's id. */
export function resolveCellReferences(spec: Record<string, unknown>, idsByKey: ReadonlyMap<string, string>): Record<string, unknown> {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k === 'fromCell' && typeof v === 'string' && v.startsWith('@')) {
          const id = idsByKey.get(v.slice(1));
          if (!id) throw new Error(`demo notebook: no cell with key '${v.slice(1)}' above the one that refers to it`);
          return [k, id];
        }
        return [k, resolve(v)];
      }),
    );
  };
  return resolve(spec) as Record<string, unknown>;
}
