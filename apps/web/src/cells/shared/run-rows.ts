import { canonicalJson } from '../../charts/bands';
import { graphql } from '../../graphql/generated';
import type { RunFilter, RunRowsQuery } from '../../graphql/generated/graphql';
import { jsonObject } from '../../graphql/json-object';

/** A run as a table row: fixed fields at the top, `params.<dotted key>` and `metrics.<key>` below. */
export interface RunRow {
  [column: string]: unknown;
  id: string;
  name: string;
  method: string;
  status: string;
  seed: number | null;
  dataset: string | null;
  createdAt: string;
  tags: string;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
}

/** A run as the runs query returns it. */
export type RunNode = RunRowsQuery['runs']['edges'][number]['node'];

export const RUN_ROWS = graphql(`
  query RunRows($filter: RunFilter, $first: Int) {
    runs(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          name
          method
          status
          seed
          datasetId
          createdAt
          tags
          params
          latestMetrics {
            key
            point {
              value
            }
          }
        }
      }
    }
  }
`);

/** The filter that selects exactly these runs. */
export function runIdFilter(runIds: readonly string[]): RunFilter {
  return { id: { in: [...runIds] } };
}

export function toRunRow(node: RunNode): RunRow {
  return {
    id: node.id,
    name: node.name ?? node.id,
    method: node.method,
    status: node.status.toLowerCase(),
    seed: node.seed,
    dataset: node.datasetId,
    createdAt: node.createdAt,
    tags: node.tags.join(', '),
    params: jsonObject(node.params),
    metrics: Object.fromEntries(node.latestMetrics.map((entry) => [entry.key, entry.point.value])),
  };
}

/** Keys of a row group whose values are not all the same (a key missing in some rows counts as differing). */
export function varyingKeys(records: readonly Record<string, unknown>[], ignore: readonly string[] = []): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys]
    .filter((key) => !ignore.includes(key))
    .filter((key) => new Set(records.map((record) => (key in record ? canonicalJson(record[key]) : '\u0000missing'))).size > 1)
    .sort();
}
