/**
 * The `runs` query: filter (run-filter.ts), order (run-order.ts) and page (pagination.ts) the store's
 * runs. Reads the candidate runs once, the latest values of only the metric keys the filter and the
 * order mention, and flattens each config in memory.
 */
import type { JsonValue, Run, Store } from '@protoscope/tracking';
import { connectionOf, pageSize, type Connection, type PageArgs } from '../graphql/pagination';
import { flattenConfig } from './flat-config';
import type { RunFilter, RunOrder } from '../graphql/generated/resolvers-types';
import { compileRunFilter, type RunFacts } from './run-filter';
import { compileRunOrder } from './run-order';

export interface RunQueryArgs extends PageArgs {
  filter?: RunFilter | null;
  orderBy?: readonly RunOrder[] | null;
}

/** Every run matching the filter, in order (no paging). */
export async function findRuns(store: Store, args: Pick<RunQueryArgs, 'filter' | 'orderBy'>): Promise<RunFacts[]> {
  const filter = compileRunFilter(args.filter);
  const order = compileRunOrder(args.orderBy);
  const candidates = await store.runs.list(filter.prefilter);
  const metricKeys = [...new Set([...filter.metricKeys, ...order.metricKeys])];
  const latest = metricKeys.length > 0 ? await store.metrics.latestOfRuns(candidates.map((r) => r.id), metricKeys) : undefined;
  const facts = candidates.map((run): RunFacts => factsOf(run, latest?.get(run.id)));
  const matching = facts.filter((f) => filter.matches(f));
  const keyed = matching.map((f) => ({ f, key: order.keyOf(f) }));
  keyed.sort((a, b) => order.compare(a.key, b.key));
  return keyed.map((k) => k.f);
}

export async function runConnection(store: Store, args: RunQueryArgs): Promise<Connection<Run>> {
  pageSize(args.first); // refuse a bad page size before reading anything
  const order = compileRunOrder(args.orderBy);
  const sorted = await findRuns(store, args);
  const keys = new Map(sorted.map((f) => [f.run.id, order.keyOf(f)]));
  const connection = connectionOf(sorted, args, (f) => keys.get(f.run.id)!, order.compare);
  return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.run })) };
}

function factsOf(run: Run, latest: Map<string, { value: number }> | undefined): RunFacts {
  const metrics = new Map<string, number>();
  for (const [key, point] of latest ?? []) metrics.set(key, point.value);
  return { run, params: flattenConfig(run.config) as ReadonlyMap<string, JsonValue>, metrics };
}
