/**
 * Ordering of runs: a list of sort keys (created time, name, method, status, a metric's latest value,
 * a config value), each ascending or descending, with missing values last in either direction, then
 * newest first and the id as the final tie-breakers so that the order — and so every cursor — is total.
 */
import type { JsonValue } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { RunOrder as RunOrderInput, RunOrderField } from '../graphql/generated/resolvers-types';
import type { CursorKey } from '../graphql/pagination';
import type { RunFacts } from './run-filter';

type SortValue = string | number | boolean | null;

export interface CompiledRunOrder {
  /** The metric keys the order reads. */
  metricKeys: readonly string[];
  keyOf(facts: RunFacts): CursorKey;
  compare(a: CursorKey, b: CursorKey): number;
}

const DEFAULT_ORDER: RunOrderInput[] = [{ field: 'CREATED_AT', direction: 'DESC' }];

export function compileRunOrder(orderBy: readonly RunOrderInput[] | null | undefined): CompiledRunOrder {
  const given = orderBy && orderBy.length > 0 ? orderBy : DEFAULT_ORDER;
  if (given.length > 5) throw badInput('orderBy: at most 5 sort keys');
  const keys = given.map((o, i) => {
    const needsKey = o.field === 'METRIC' || o.field === 'PARAM';
    if (needsKey && (!o.key || o.key.trim() === '')) {
      throw badInput(`orderBy[${i}]: field ${o.field} needs a key (a ${o.field === 'METRIC' ? 'metric key such as "val/auc"' : 'dotted config key'})`);
    }
    if (!needsKey && o.key) throw badInput(`orderBy[${i}]: key is only for METRIC and PARAM`);
    return { ...o, descending: (o.direction ?? 'DESC') === 'DESC' };
  });
  // Tie-breakers: newest first, then id (descending, like the store's listing).
  const all = [...keys, { field: 'CREATED_AT' as const, key: null, descending: true }, { field: 'ID' as const, key: null, descending: true }];
  const read = (facts: RunFacts, field: RunOrderField | 'ID', key: string | null | undefined): SortValue => {
    const { run } = facts;
    switch (field) {
      case 'CREATED_AT':
        return run.createdAt.getTime();
      case 'NAME':
        return run.name;
      case 'METHOD':
        return run.method;
      case 'STATUS':
        return run.status;
      case 'ID':
        return run.id;
      case 'METRIC': {
        const v = facts.metrics.get(key!);
        return v === undefined || !Number.isFinite(v) ? null : v;
      }
      case 'PARAM':
        return sortableParam(facts.params.get(key!));
    }
  };
  return {
    metricKeys: keys.filter((k) => k.field === 'METRIC').map((k) => k.key!),
    keyOf: (facts) => all.map((k) => read(facts, k.field, k.key)),
    compare: (a, b) => {
      for (const [i, k] of all.entries()) {
        const c = compareValues(a[i] ?? null, b[i] ?? null, k.descending);
        if (c !== 0) return c;
      }
      return 0;
    },
  };
}

function sortableParam(value: JsonValue | undefined): SortValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** Missing values last; numbers before booleans before strings; the direction flips only real comparisons. */
function compareValues(a: SortValue, b: SortValue, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const rank = (v: SortValue) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : 2);
  let c: number;
  if (rank(a) !== rank(b)) c = rank(a) - rank(b);
  else if (typeof a === 'string') c = a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  else c = Number(a) - Number(b);
  return descending ? -c : c;
}
