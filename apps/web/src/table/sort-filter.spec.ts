import { cellValue, filterRows, sortRows } from './sort-filter';

const rows = [
  { id: 'r1', name: 'run 10', status: 'finished', params: { lr: 0.1 }, metrics: { 'val/auc': 0.71 } },
  { id: 'r2', name: 'run 2', status: 'failed', params: { lr: 0.01 }, metrics: {} },
  { id: 'r3', name: 'Run 3', status: 'finished', params: { lr: 0.001 }, metrics: { 'val/auc': 0.93 } },
  { id: 'r4', name: 'run 1', status: 'running', params: {}, metrics: { 'val/auc': 0.71 } },
];
const ids = (list: readonly { id: string }[]) => list.map((row) => row.id);

describe('sortRows', () => {
  it('sorts numbers by value, keeps ties in their order and puts missing values last both ways', () => {
    expect(ids(sortRows(rows, { column: 'metrics.val/auc', descending: false }))).toEqual(['r1', 'r4', 'r3', 'r2']);
    expect(ids(sortRows(rows, { column: 'metrics.val/auc', descending: true }))).toEqual(['r3', 'r1', 'r4', 'r2']);
    expect(ids(sortRows(rows, { column: 'params.lr', descending: false }))).toEqual(['r3', 'r2', 'r1', 'r4']);
  });

  it('sorts text case-insensitively with numbers inside it compared as numbers', () => {
    expect(ids(sortRows(rows, { column: 'name', descending: false }))).toEqual(['r4', 'r2', 'r3', 'r1']);
  });

  it('leaves the order alone without a sort and does not touch the input', () => {
    const copy = [...rows];
    expect(ids(sortRows(rows, null))).toEqual(['r1', 'r2', 'r3', 'r4']);
    sortRows(rows, { column: 'name', descending: true });
    expect(rows).toEqual(copy);
  });
});

describe('filterRows', () => {
  const columns = ['name', 'status'];

  it('matches bare words in any listed column, case-insensitively, every word required', () => {
    expect(ids(filterRows(rows, 'FINISHED', columns))).toEqual(['r1', 'r3']);
    expect(ids(filterRows(rows, 'finished 3', columns))).toEqual(['r3']);
    expect(ids(filterRows(rows, '  ', columns))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('matches column:text in that column only, also outside the listed columns', () => {
    expect(ids(filterRows(rows, 'status:run', columns))).toEqual(['r4']);
    expect(ids(filterRows(rows, 'id:r2', columns))).toEqual(['r2']);
  });

  it('compares numbers; a row without the value never matches a comparison', () => {
    expect(ids(filterRows(rows, 'metrics.val/auc>0.71', columns))).toEqual(['r3']);
    expect(ids(filterRows(rows, 'metrics.val/auc>=0.71', columns))).toEqual(['r1', 'r3', 'r4']);
    expect(ids(filterRows(rows, 'params.lr<0.05', columns))).toEqual(['r2', 'r3']);
    expect(ids(filterRows(rows, 'params.lr<=1e-3', columns))).toEqual(['r3']);
  });

  it('reads dotted columns with the first dot splitting group from key', () => {
    expect(cellValue({ metrics: { 'a.b': 3 } }, 'metrics.a.b')).toBe(3);
    expect(cellValue({ 'x.y': 1 }, 'x.y')).toBe(1);
    expect(cellValue({ params: null }, 'params.lr')).toBeUndefined();
  });
});
