import { tabulate } from './graphql/tabulate';
import { bandTraces, groupLabel, pointsOf, withAlpha, type AlignedMetric } from './metric-chart/traces';
import { dimensionOf } from './parallel-coordinates/dimensions';
import { groupByClass } from './prototype-gallery/by-class';
import { metricDeltas } from './run-diff/deltas';
import { automaticColumns } from './runs-table/columns';
import { saliencyGrid } from './saliency-grid/grid';
import { latestEvaluation, normalizeRows, readConfusionMatrix, readCurves } from './shared/evaluations';
import { toRunRow, varyingKeys, type RunNode } from './shared/run-rows';
import { withQueryParams } from './shared/url-params';

describe('tabulate', () => {
  it('takes the first list breadth-first, unwraps edges and flattens nested objects one level', () => {
    const table = tabulate({
      runs: {
        totalCount: 2,
        edges: [
          { node: { __typename: 'Run', id: 'a', dataset: { name: 'm', classes: ['x'] }, tags: ['t'] } },
          { node: { id: 'b', status: 'RUNNING', dataset: null } },
        ],
      },
    });
    expect(table).toEqual({
      path: 'runs.edges',
      columns: ['id', 'dataset.name', 'dataset.classes', 'tags', 'status', 'dataset'],
      rows: [
        { id: 'a', 'dataset.name': 'm', 'dataset.classes': '["x"]', tags: '["t"]' },
        { id: 'b', status: 'RUNNING', dataset: null },
      ],
    });
  });

  it('puts scalars of a list in a value column and has no table without a list', () => {
    expect(tabulate({ datasetGenerators: ['a', 'b'] })).toEqual({ path: 'datasetGenerators', columns: ['value'], rows: [{ value: 'a' }, { value: 'b' }] });
    expect(tabulate({ run: { id: 'x' } })).toBeNull();
  });
});

describe('metric-chart traces', () => {
  const metric: AlignedMetric = {
    key: 'val/auc',
    steps: [0, 1, 2],
    series: [
      { runId: 'a', values: [0.5, null, 0.7] },
      { runId: 'b', values: [0.7, 0.8, 0.9] },
    ],
  };

  it('takes a run’s finite points at their steps', () => {
    expect(pointsOf(metric, 'a')).toEqual([
      { step: 0, value: 0.5 },
      { step: 2, value: 0.7 },
    ]);
    expect(pointsOf(metric, 'missing')).toEqual([]);
  });

  it('draws a group as lower edge, filled upper edge and mean line', () => {
    const [lower, upper, mean] = bandTraces(metric, [{ label: 'lr=1', runIds: ['a', 'b'] }]) as Array<{ x: number[]; y: number[]; fill?: string; name?: string }>;
    // step 0: 0.5, 0.7 → mean 0.6, s = √0.02; step 1: only b → 0.8 ± 0; step 2: 0.7, 0.9 → 0.8, s = √0.02
    const s = Math.sqrt(0.02);
    expect(mean!.x).toEqual([0, 1, 2]);
    expect(mean!.y[0]).toBeCloseTo(0.6, 12);
    expect(mean!.y[1]).toBeCloseTo(0.8, 12);
    expect(lower!.y[0]).toBeCloseTo(0.6 - s, 12);
    expect(upper!.y[2]).toBeCloseTo(0.8 + s, 12);
    expect(upper!.fill).toBe('tonexty');
    expect(mean!.name).toBe('lr=1 (n=2)');
  });

  it('labels groups and makes translucent colours', () => {
    expect(groupLabel({ method: 'protopnet', lr: 0.01 })).toBe('method=protopnet, lr=0.01');
    expect(groupLabel({})).toBe('all runs');
    expect(withAlpha('#ff8000', 0.2)).toBe('rgba(255, 128, 0, 0.2)');
  });
});

describe('parallel-coordinates axes', () => {
  it('keeps numbers and leaves missing values off the axis', () => {
    expect(dimensionOf('lr', [0.1, undefined, 0.01])).toEqual({ label: 'lr', values: [0.1, Number.NaN, 0.01] });
  });

  it('turns other values into sorted categories with tick labels', () => {
    expect(dimensionOf('method', ['protopnet', 'global', 'protopnet', null])).toEqual({
      label: 'method',
      values: [1, 0, 1, Number.NaN],
      tickvals: [0, 1],
      ticktext: ['global', 'protopnet'],
    });
  });
});

describe('groupByClass', () => {
  it('orders classes, unassigned last, and keeps the lowest indices up to perClass', () => {
    const prototypes = [
      { index: 5, classIndex: 1, className: 'malignant' },
      { index: 0, classIndex: 0, className: 'benign' },
      { index: 3, classIndex: 1, className: 'malignant' },
      { index: 9, classIndex: null, className: null },
      { index: 4, classIndex: 1, className: 'malignant' },
    ];
    expect(groupByClass(prototypes, 2).map((g) => [g.className, g.prototypes.map((p) => p.index)])).toEqual([
      ['benign', [0]],
      ['malignant', [3, 4]],
      ['no class', [9]],
    ]);
  });
});

describe('metricDeltas', () => {
  it('subtracts the baseline’s latest value; a side without a finite value has no delta', () => {
    const deltas = metricDeltas(
      [
        { runId: 'base', metrics: { auc: 0.8, loss: 0.5 } },
        { runId: 'x', metrics: { auc: 0.85, loss: null } },
        { runId: 'y', metrics: { auc: 0.7, extra: 3 } },
      ],
      'base',
    );
    expect(deltas.map((d) => d.key)).toEqual(['auc', 'extra', 'loss']);
    expect(deltas[0]!.baseline).toBe(0.8);
    expect(deltas[0]!.values[0]!.delta).toBeCloseTo(0.05, 12);
    expect(deltas[0]!.values[1]!.delta).toBeCloseTo(-0.1, 12);
    expect(deltas[1]).toEqual({ key: 'extra', baseline: null, values: [{ runId: 'x', value: null, delta: null }, { runId: 'y', value: 3, delta: null }] });
    expect(deltas[2]!.values[0]).toEqual({ runId: 'x', value: null, delta: null });
  });

  it('falls back to the first run for an unknown baseline and keeps only the keys asked for', () => {
    const deltas = metricDeltas([{ runId: 'a', metrics: { m: 1, n: 1 } }, { runId: 'b', metrics: { m: 4 } }], 'nope', ['m']);
    expect(deltas).toEqual([{ key: 'm', baseline: 1, values: [{ runId: 'b', value: 4, delta: 3 }] }]);
  });
});

describe('saliencyGrid', () => {
  const runs = [
    { runId: 'r1', maps: [{ id: '1', imageId: 'i2', method: 'gradcam' }, { id: '2', imageId: 'i1', method: 'occlusion' }] },
    { runId: 'r2', maps: [{ id: '3', imageId: 'i1', method: 'gradcam' }] },
  ];

  it('lays out images × (run, method) with empty slots where a map is missing, and no column for a pair without maps', () => {
    const grid = saliencyGrid(runs, { methods: [], imageIds: [], maxImages: 4 });
    expect(grid.imageIds).toEqual(['i2', 'i1']);
    // r2 has no occlusion map: no (r2, occlusion) column.
    expect(grid.columns).toEqual([
      { runId: 'r1', method: 'gradcam' },
      { runId: 'r1', method: 'occlusion' },
      { runId: 'r2', method: 'gradcam' },
    ]);
    expect(grid.slots.map((row) => row.map((slot) => slot?.id ?? null))).toEqual([
      ['1', null, null],
      [null, '2', '3'],
    ]);
  });

  it('leaves out a pair whose maps are all of images not shown', () => {
    const grid = saliencyGrid(runs, { methods: [], imageIds: ['i2'], maxImages: 4 });
    expect(grid.columns).toEqual([{ runId: 'r1', method: 'gradcam' }]);
    expect(grid.slots).toEqual([[runs[0]!.maps[0]]]);
  });

  it('follows the images and methods asked for, capped at maxImages', () => {
    const grid = saliencyGrid(runs, { methods: ['gradcam'], imageIds: ['i1', 'i2', 'i3'], maxImages: 2 });
    expect(grid.imageIds).toEqual(['i1', 'i2']);
    expect(grid.slots.map((row) => row.map((slot) => slot?.id ?? null))).toEqual([
      [null, '3'],
      ['1', null],
    ]);
  });
});

describe('evaluation readers', () => {
  it('reads binary curves at the top level and a class’s one-vs-rest curves for more classes', () => {
    const binary = { auc: 0.75, rocCurve: { fpr: [0, 0.5, 1], tpr: [0, 1, 1], thresholds: [null, 0.6, 0.2] }, prCurve: { recall: [0, 1], precision: [1, 0.5] } };
    expect(readCurves(binary, null)).toEqual({ roc: { fpr: [0, 0.5, 1], tpr: [0, 1, 1] }, pr: { recall: [0, 1], precision: [1, 0.5] }, auc: 0.75, label: 'binary' });
    const multi = { perClass: [{ auc: 0.6 }, { auc: 0.9, rocCurve: { fpr: [0, 1], tpr: [0, 1] }, prCurve: null }, { auc: 0.5 }] };
    expect(readCurves(multi, null)).toEqual({ roc: { fpr: [0, 1], tpr: [0, 1] }, pr: null, auc: 0.9, label: 'class 1 vs rest' });
    expect(readCurves(multi, 2)).toEqual({ missing: 'the evaluation has no curves (evaluate with curves included)' });
    expect(readCurves('nope', null)).toEqual({ missing: 'the evaluation is not a classification report' });
  });

  it('reads a square confusion matrix and normalises its rows by hand-checked shares', () => {
    expect(readConfusionMatrix({ confusionMatrix: [[3, 1], [2, 2]] })).toEqual([[3, 1], [2, 2]]);
    expect(readConfusionMatrix({ confusionMatrix: [[3, 1, 0], [2, 2]] })).toBeNull();
    expect(normalizeRows([[3, 1], [0, 0], [1, 4]])).toEqual([[0.75, 0.25], [0, 0], [0.2, 0.8]]);
  });

  it('takes the newest evaluation of the split asked for', () => {
    const evaluations = [
      { id: '1', name: 'c', split: 'val', step: 1, createdAt: '2025-01-01T00:00:00.000Z', metrics: {} },
      { id: '2', name: 'c', split: 'test', step: 1, createdAt: '2025-01-03T00:00:00.000Z', metrics: {} },
      { id: '3', name: 'c', split: 'val', step: 2, createdAt: '2025-01-02T00:00:00.000Z', metrics: {} },
    ];
    expect(latestEvaluation(evaluations, 'val')?.id).toBe('3');
    expect(latestEvaluation(evaluations, '')?.id).toBe('2');
    expect(latestEvaluation(evaluations, 'train')).toBeUndefined();
  });
});

describe('run rows', () => {
  const node = (id: string, params: Record<string, unknown>, metrics: Record<string, number | null>): RunNode => ({
    id,
    name: null,
    method: 'protopnet',
    status: 'FINISHED',
    seed: 1,
    datasetId: 'd',
    createdAt: '2025-01-01T00:00:00.000Z',
    tags: ['a', 'b'],
    params,
    latestMetrics: Object.entries(metrics).map(([key, value]) => ({ key, point: { value } })),
  });

  it('turns a run into a row named by its id when it has no name', () => {
    expect(toRunRow(node('r1', { lr: 1 }, { auc: 0.5 }))).toMatchObject({ id: 'r1', name: 'r1', status: 'finished', tags: 'a, b', params: { lr: 1 }, metrics: { auc: 0.5 } });
  });

  it('finds the keys that differ, a key missing somewhere counting as different', () => {
    expect(varyingKeys([{ a: 1, b: { x: 1 }, c: 2 }, { a: 1, b: { x: 2 } }])).toEqual(['b', 'c']);
    expect(varyingKeys([{ a: 1, seed: 1 }, { a: 2, seed: 2 }], ['seed'])).toEqual(['a']);
  });

  it('shows fixed columns, the differing params without seed, and every metric', () => {
    const rows = [toRunRow(node('r1', { lr: 1, seed: 1, depth: 2 }, { 'val/auc': 0.5 })), toRunRow(node('r2', { lr: 2, seed: 2, depth: 2 }, { 'train/loss': 1 }))];
    expect(automaticColumns(rows)).toEqual(['name', 'method', 'status', 'seed', 'params.lr', 'metrics.train/loss', 'metrics.val/auc']);
  });
});

describe('url parameters', () => {
  it('sets query parameters on relative and absolute URLs', () => {
    expect(withQueryParams('/heatmaps/7.png?opacity=0.5&colormap=jet', { opacity: 0.25, outline: true })).toBe('/heatmaps/7.png?opacity=0.25&colormap=jet&outline=true');
    expect(withQueryParams('http://h:1/heatmaps/7.png', { opacity: 1 })).toBe('http://h:1/heatmaps/7.png?opacity=1');
  });
});
