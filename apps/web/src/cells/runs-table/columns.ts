import { varyingKeys, type RunRow } from '../shared/run-rows';

const FIXED = ['name', 'method', 'status', 'seed'];
const MAX_PARAM_COLUMNS = 6;
const MAX_METRIC_COLUMNS = 8;

/** The automatic columns: who the run is, what differs between the runs shown, and how they scored. */
export function automaticColumns(rows: readonly RunRow[]): string[] {
  const params = varyingKeys(
    rows.map((row) => row.params),
    ['seed'],
  ).slice(0, MAX_PARAM_COLUMNS);
  const metrics = [...new Set(rows.flatMap((row) => Object.keys(row.metrics)))].sort().slice(0, MAX_METRIC_COLUMNS);
  return [...FIXED, ...params.map((key) => `params.${key}`), ...metrics.map((key) => `metrics.${key}`)];
}

export function columnLabel(column: string): string {
  if (column.startsWith('params.')) return column.slice('params.'.length);
  if (column.startsWith('metrics.')) return column.slice('metrics.'.length);
  return column;
}
