/**
 * The run filter language (the `RunFilter` input of the schema), checked and compiled to a predicate
 * over a run's facts: its row, its flattened config and the latest value of each metric it logged.
 *
 * Evaluation is in memory, after a conservative narrowing in SQL (`prefilter`: the top-level
 * equalities on id, method, dataset, status and required tags, which the store's listRuns applies).
 * That keeps the semantics in one place and identical on SQLite and PostgreSQL; the cost is reading
 * every candidate run, which is fine for the thousands of runs a team has (docs/graph.md, Limits).
 *
 * The filter's type is the schema's `RunFilter`, generated (codegen.ts); the store's own `RunFilter`
 * is only the SQL narrowing, made here once.
 */
import type { JsonValue, Run, RunFilter as StoreRunFilter } from '@protoscope/tracking';
import { badInput } from '../graphql/errors';
import type { RunFilter, StringPredicate, ValuePredicate } from '../graphql/generated/resolvers-types';
import { jsonEqual } from './flat-config';

/** What a filter is evaluated against. */
export interface RunFacts {
  run: Run;
  /** The config flattened to dotted keys. */
  params: ReadonlyMap<string, JsonValue>;
  /** Latest value per metric key (NaN when the latest logged value was NaN). */
  metrics: ReadonlyMap<string, number>;
}

export interface CompiledRunFilter {
  matches(facts: RunFacts): boolean;
  /** The metric keys the filter reads (load only those). */
  metricKeys: readonly string[];
  /** A narrowing the store can apply in SQL; every run the filter matches passes it. */
  prefilter: StoreRunFilter;
}

/** Nesting deeper than this (and/or/not) is refused: a filter is written by people, not generated forever. */
export const MAX_FILTER_DEPTH = 8;
/** At most this many predicates and list entries in one filter. */
export const MAX_FILTER_TERMS = 1000;

type Test = (facts: RunFacts) => boolean;

const VALUE_COMPARISONS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;

/** Checks and compiles a filter; a filter that cannot mean anything throws BAD_USER_INPUT naming its path. */
export function compileRunFilter(filter: RunFilter | null | undefined): CompiledRunFilter {
  const metricKeys = new Set<string>();
  let terms = 0;
  const count = (n: number, where: string): void => {
    terms += n;
    if (terms > MAX_FILTER_TERMS) fail(where, `the filter has more than ${MAX_FILTER_TERMS} predicates and list entries; split the query`);
  };

  const compile = (f: RunFilter, where: string, depth: number): Test => {
    if (depth > MAX_FILTER_DEPTH) fail(where, `filters nest at most ${MAX_FILTER_DEPTH} levels deep`);
    if (f === null || typeof f !== 'object') fail(where, 'must be an object');
    const tests: Test[] = [];
    if (f.and) {
      count(f.and.length, `${where}.and`);
      const parts = f.and.map((g, i) => compile(g, `${where}.and[${i}]`, depth + 1));
      tests.push((x) => parts.every((t) => t(x)));
    }
    if (f.or) {
      count(f.or.length, `${where}.or`);
      const parts = f.or.map((g, i) => compile(g, `${where}.or[${i}]`, depth + 1));
      tests.push((x) => parts.some((t) => t(x)));
    }
    if (f.not) {
      const inner = compile(f.not, `${where}.not`, depth + 1);
      tests.push((x) => !inner(x));
    }
    const strings: Array<['id' | 'name' | 'method' | 'dataset', (r: Run) => string | null]> = [
      ['id', (r) => r.id],
      ['name', (r) => r.name],
      ['method', (r) => r.method],
      ['dataset', (r) => r.dataset],
    ];
    for (const [field, read] of strings) {
      const p = f[field];
      if (p) {
        count(1 + (p.in?.length ?? 0) + (p.notIn?.length ?? 0), `${where}.${field}`);
        const test = stringTest(p, `${where}.${field}`);
        tests.push((x) => test(read(x.run)));
      }
    }
    if (f.status) {
      const p = f.status;
      count(1 + (p.in?.length ?? 0) + (p.notIn?.length ?? 0), `${where}.status`);
      const test = stringTest(p, `${where}.status`);
      tests.push((x) => test(x.run.status));
    }
    if (f.tags) {
      const p = f.tags;
      const all = p.all ?? undefined;
      const any = p.any ?? undefined;
      const none = p.none ?? undefined;
      if (!all && !any && !none) fail(`${where}.tags`, 'give at least one of all, any, none');
      count(1 + (all?.length ?? 0) + (any?.length ?? 0) + (none?.length ?? 0), `${where}.tags`);
      tests.push(({ run }) => {
        const has = new Set(run.tags);
        return (!all || all.every((t) => has.has(t))) && (!any || any.some((t) => has.has(t))) && (!none || !none.some((t) => has.has(t)));
      });
    }
    (f.params ?? []).forEach((p, i) => {
      const at = `${where}.params[${i}]`;
      count(1 + (p.in?.length ?? 0) + (p.notIn?.length ?? 0), at);
      const test = valueTest(p, at);
      tests.push((x) => test(x.params.has(p.key), x.params.get(p.key)));
    });
    (f.metrics ?? []).forEach((p, i) => {
      const at = `${where}.metrics[${i}]`;
      count(1 + (p.in?.length ?? 0) + (p.notIn?.length ?? 0), at);
      const test = valueTest(p, at);
      metricKeys.add(p.key);
      tests.push((x) => test(x.metrics.has(p.key), x.metrics.get(p.key)));
    });
    if (f.createdAt) {
      const r = f.createdAt;
      if (!r.gt && !r.gte && !r.lt && !r.lte) fail(`${where}.createdAt`, 'give at least one of gt, gte, lt, lte');
      tests.push(({ run }) => {
        const t = run.createdAt.getTime();
        return (!r.gt || t > r.gt.getTime()) && (!r.gte || t >= r.gte.getTime()) && (!r.lt || t < r.lt.getTime()) && (!r.lte || t <= r.lte.getTime());
      });
    }
    return (x) => tests.every((t) => t(x));
  };

  const root = filter ? compile(filter, 'filter', 1) : () => true;
  return { matches: root, metricKeys: [...metricKeys], prefilter: filter ? prefilterOf(filter) : {} };
}

function fail(where: string, problem: string): never {
  throw badInput(`${where}: ${problem}`, { filterPath: where });
}

function stringTest(p: StringPredicate, where: string): (value: string | null) => boolean {
  const { eq, ne, contains, isNull } = p;
  const within = p.in ?? undefined;
  const notIn = p.notIn ?? undefined;
  const given = [eq, ne, within, notIn, contains, isNull].some((v) => v !== undefined && v !== null);
  if (!given) fail(where, 'give at least one of eq, ne, in, notIn, contains, isNull');
  const needle = contains?.toLowerCase();
  return (value) => {
    if (isNull !== undefined && isNull !== null && (value === null) !== isNull) return false;
    if (value === null) return isNull === true && [eq, ne, within, notIn, contains].every((v) => v === undefined || v === null);
    return (
      (eq == null || value === eq) &&
      (ne == null || value !== ne) &&
      (!within || within.includes(value)) &&
      (!notIn || !notIn.includes(value)) &&
      (needle === undefined || value.toLowerCase().includes(needle))
    );
  };
}

/**
 * A predicate on a value that may be absent. `eq: null` is a real comparison (the value is JSON
 * null), so presence of a comparison is judged by the key being in the input object.
 */
function valueTest(p: ValuePredicate, where: string): (present: boolean, value: JsonValue | number | undefined) => boolean {
  if (typeof p.key !== 'string' || p.key.trim() === '') fail(where, 'key must be a non-empty string');
  const given = (name: (typeof VALUE_COMPARISONS)[number]): boolean => {
    if (!(name in p)) return false;
    const v = p[name];
    return name === 'eq' || name === 'ne' ? v !== undefined : v !== undefined && v !== null;
  };
  if (!VALUE_COMPARISONS.some(given)) fail(where, `give at least one of ${VALUE_COMPARISONS.join(', ')} for key "${p.key}"`);
  for (const name of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (given(name) && !Number.isFinite(p[name])) fail(where, `${name} must be a finite number`);
  }
  const exists = given('exists') ? p.exists! : undefined;
  return (present, value) => {
    if (exists !== undefined && present !== exists) return false;
    if (!present) return exists === false && !VALUE_COMPARISONS.some((n) => n !== 'exists' && given(n));
    const v = value as JsonValue;
    const isNumber = typeof v === 'number' && !Number.isNaN(v);
    if (given('eq') && !jsonEqual(v, p.eq as JsonValue)) return false;
    if (given('ne') && jsonEqual(v, p.ne as JsonValue)) return false;
    if (given('in') && !p.in!.some((c) => jsonEqual(v, c))) return false;
    if (given('notIn') && p.notIn!.some((c) => jsonEqual(v, c))) return false;
    if (given('gt') && !(isNumber && (v as number) > p.gt!)) return false;
    if (given('gte') && !(isNumber && (v as number) >= p.gte!)) return false;
    if (given('lt') && !(isNumber && (v as number) < p.lt!)) return false;
    if (given('lte') && !(isNumber && (v as number) <= p.lte!)) return false;
    return true;
  };
}

/** The top-level equalities the store can apply in SQL (never narrower than the filter itself). */
function prefilterOf(f: RunFilter): StoreRunFilter {
  const narrowed: StoreRunFilter = {};
  const listOf = <T extends string>(p: { eq?: T | null; in?: readonly T[] | null } | null | undefined): T[] | undefined => {
    if (!p) return undefined;
    if (p.eq != null && p.in != null) return p.in.includes(p.eq) ? [p.eq] : [];
    if (p.eq != null) return [p.eq];
    return p.in != null ? [...p.in] : undefined;
  };
  const ids = listOf(f.id ?? undefined);
  if (ids) narrowed.ids = ids;
  const methods = listOf(f.method ?? undefined);
  if (methods) narrowed.method = methods;
  const datasets = listOf(f.dataset ?? undefined);
  if (datasets) narrowed.dataset = datasets;
  const statuses = listOf(f.status ?? undefined);
  if (statuses) narrowed.status = statuses;
  if (f.tags?.all && f.tags.all.length > 0) narrowed.tags = [...f.tags.all];
  return narrowed;
}
