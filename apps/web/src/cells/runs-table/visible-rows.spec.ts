import type { RunRow } from '../shared/run-rows';
import { visibleRunRows } from './visible-rows';

const run = (id: string, name: string, status: string, createdAt: string, params: Record<string, unknown>, metrics: Record<string, number | null>): RunRow => ({
  id,
  name,
  method: 'protopnet',
  status,
  seed: null,
  dataset: null,
  createdAt,
  tags: '',
  params,
  metrics,
});

const rows = [
  run('r1', 'run 10', 'finished', '2026-01-03', { lr: 0.1 }, { 'val/auc': 0.71 }),
  run('r2', 'run 2', 'failed', '2026-01-01', { lr: 0.01 }, { 'val/auc': null }),
  run('r3', 'Run 3', 'finished', '2026-01-04', { lr: 0.001 }, { 'val/auc': 0.93 }),
  run('r4', 'run 1', 'running', '2026-01-02', {}, { 'val/auc': 0.71 }),
];
const columns = ['name', 'status', 'params.lr', 'metrics.val/auc'];
const ids = (list: readonly RunRow[]) => list.map((row) => row.id);

describe('visibleRunRows', () => {
  it('sorts numbers by value, keeps ties in the server order and puts missing values (null too) last both ways', () => {
    expect(ids(visibleRunRows(rows, columns, '', { column: 'metrics.val/auc', descending: false }))).toEqual(['r1', 'r4', 'r3', 'r2']);
    expect(ids(visibleRunRows(rows, columns, '', { column: 'metrics.val/auc', descending: true }))).toEqual(['r3', 'r1', 'r4', 'r2']);
    expect(ids(visibleRunRows(rows, columns, '', { column: 'params.lr', descending: true }))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('sorts text case-insensitively with numbers inside compared as numbers', () => {
    expect(ids(visibleRunRows(rows, columns, '', { column: 'name', descending: false }))).toEqual(['r4', 'r2', 'r3', 'r1']);
  });

  it('sorts by a column that is not shown (the default, newest first) and keeps the order without a sort', () => {
    expect(ids(visibleRunRows(rows, columns, '', { column: 'createdAt', descending: true }))).toEqual(['r3', 'r1', 'r4', 'r2']);
    expect(ids(visibleRunRows(rows, columns, '', null))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('filters with the search language: words in shown columns, column:text, comparisons, every term required', () => {
    expect(ids(visibleRunRows(rows, columns, 'FINISHED', null))).toEqual(['r1', 'r3']);
    expect(ids(visibleRunRows(rows, columns, 'finished metrics.val/auc>0.8', null))).toEqual(['r3']);
    expect(ids(visibleRunRows(rows, columns, 'id:r2', null))).toEqual(['r2']);
    expect(ids(visibleRunRows(rows, columns, 'params.lr<0.05', { column: 'params.lr', descending: false }))).toEqual(['r3', 'r2']);
    expect(ids(visibleRunRows(rows, columns, '   ', null))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
