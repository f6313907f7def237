import type { CellDefinition } from './definition';
import { defaultSpecFor } from './default-spec';
import { markdownDefinition } from './markdown/cell-spec';
import { metricChartDefinition } from './metric-chart/cell-spec';
import { cellsWithOutput, resolveInputs, type CellRecord } from './resolve-inputs';
import { runDiffDefinition } from './run-diff/cell-spec';
import { runsTableDefinition } from './runs-table/cell-spec';

const definitions = new Map<string, CellDefinition<unknown>>(
  [markdownDefinition, runsTableDefinition, metricChartDefinition, runDiffDefinition].map((d) => [d.type, d as CellDefinition<unknown>]),
);
const lookup = (type: string) => definitions.get(type);

describe('resolveInputs', () => {
  it('feeds a chart the runs ticked in the runs table it names', () => {
    const cells: CellRecord[] = [
      { id: 'table', type: 'runs-table', spec: { selected: ['r2', 'r7'] } },
      { id: 'chart', type: 'metric-chart', spec: { runs: { fromCell: 'table' } } },
    ];
    const resolved = resolveInputs(cells, lookup);
    expect(resolved.get('chart')).toEqual({ inputs: { runs: { kind: 'runIds', values: ['r2', 'r7'], sourceCellId: 'table' } }, problems: [] });
    expect(resolved.get('table')).toEqual({ inputs: {}, problems: [] });
  });

  it('uses the listed run ids when the input names no cell, and a source below the chart works too', () => {
    const cells: CellRecord[] = [
      { id: 'chart', type: 'metric-chart', spec: { runs: { runIds: ['a', 'b'] } } },
      { id: 'diff', type: 'run-diff', spec: { runs: { fromCell: 'table' } } },
      { id: 'table', type: 'runs-table', spec: { selected: ['c'] } },
    ];
    const resolved = resolveInputs(cells, lookup);
    expect(resolved.get('chart')!.inputs['runs']).toEqual({ kind: 'runIds', values: ['a', 'b'] });
    expect(resolved.get('diff')!.inputs['runs']!.values).toEqual(['c']);
  });

  it('reports a deleted source, a source without such an output, and a self-reference, with no values', () => {
    const cells: CellRecord[] = [
      { id: 'note', type: 'markdown', spec: { source: 'hi' } },
      { id: 'gone', type: 'metric-chart', spec: { runs: { fromCell: 'deleted-cell' } } },
      { id: 'wrong', type: 'metric-chart', spec: { runs: { fromCell: 'note' } } },
      { id: 'self', type: 'run-diff', spec: { runs: { fromCell: 'self' } } },
    ];
    const resolved = resolveInputs(cells, lookup);
    expect(resolved.get('gone')).toEqual({
      inputs: { runs: { kind: 'runIds', values: [] } },
      problems: ['Runs comes from a cell that no longer exists; pick another source'],
    });
    expect(resolved.get('wrong')!.problems).toEqual(['Runs comes from a markdown cell, which has no runIds output']);
    expect(resolved.get('self')!.problems).toEqual(['Runs cannot come from the cell itself']);
  });

  it('reports a spec that does not fit its schema, and an unknown type; a cell bound to a broken source says so', () => {
    const cells: CellRecord[] = [
      { id: 'table', type: 'runs-table', spec: { limit: 0 } },
      { id: 'chart', type: 'metric-chart', spec: { runs: { fromCell: 'table' } } },
      { id: 'odd', type: 'no-such-type', spec: {} },
    ];
    const resolved = resolveInputs(cells, lookup);
    expect(resolved.get('table')!.problems).toHaveLength(1);
    expect(resolved.get('table')!.problems[0]).toMatch(/^spec does not fit the runs-table cell at limit: /);
    expect(resolved.get('chart')!.problems[0]).toMatch(/^Runs comes from a cell that has a problem: spec does not fit/);
    expect(resolved.get('odd')!.problems).toEqual(['unknown cell type "no-such-type"']);
  });

  it('lists the cells that can feed a runIds input, never the asking cell', () => {
    const cells: CellRecord[] = [
      { id: 't1', type: 'runs-table', spec: {} },
      { id: 'n', type: 'markdown', spec: {} },
      { id: 't2', type: 'runs-table', spec: {} },
    ];
    expect(cellsWithOutput(cells, 'runIds', lookup).map((c) => c.id)).toEqual(['t1', 't2']);
    expect(cellsWithOutput(cells, 'runIds', lookup, 't2').map((c) => c.id)).toEqual(['t1']);
  });
});

describe('defaultSpecFor', () => {
  const cells: CellRecord[] = [
    { id: 't1', type: 'runs-table', spec: {} },
    { id: 'n', type: 'markdown', spec: {} },
    { id: 't2', type: 'runs-table', spec: {} },
    { id: 'm', type: 'markdown', spec: {} },
  ];

  it('binds a new chart to the nearest runs table above where it is inserted', () => {
    expect(defaultSpecFor(metricChartDefinition as CellDefinition<unknown>, cells, 4, lookup)['runs']).toEqual({ fromCell: 't2', runIds: [] });
    expect(defaultSpecFor(metricChartDefinition as CellDefinition<unknown>, cells, 2, lookup)['runs']).toEqual({ fromCell: 't1', runIds: [] });
  });

  it('leaves the input unbound when no table is above', () => {
    expect(defaultSpecFor(metricChartDefinition as CellDefinition<unknown>, cells, 0, lookup)['runs']).toEqual({ runIds: [] });
    expect(defaultSpecFor(markdownDefinition as CellDefinition<unknown>, cells, 4, lookup)).toEqual({ source: '' });
  });
});
