/**
 * The run filter language (the graph's `RunFilter` input) checked and compiled to one SQL condition
 * over `runs`: params are read from `run_params` (the config flattened at creation, typed values),
 * metrics from `metric_latest` (one row per run and key), tags from `run_tags`, each by an EXISTS on
 * its primary key. Every piece is two-valued (never SQL NULL), so `not` means "does not hold" exactly
 * as it does for a value in memory: a NaN metric (stored as NULL) or a missing key is simply false.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { InvalidInputError } from './errors';
import { encodeJson, type JsonValue } from './json';
import { RUN_STATUSES } from './statuses';
import type { StoreDialect } from './url';

type Maybe<T> = T | null | undefined;

/** A predicate on a text field of the run; `contains` is a case-insensitive substring. */
export interface RunTextCondition {
  eq?: Maybe<string>;
  ne?: Maybe<string>;
  in?: Maybe<readonly string[]>;
  notIn?: Maybe<readonly string[]>;
  contains?: Maybe<string>;
  /** true: the field is null; false: it is set. */
  isNull?: Maybe<boolean>;
}

export interface RunTagCondition {
  all?: Maybe<readonly string[]>;
  any?: Maybe<readonly string[]>;
  none?: Maybe<readonly string[]>;
}

/**
 * A predicate on a config value (dotted key) or a metric's latest value. `eq: null` compares with JSON
 * null (the key being in the object is what counts); ranges hold only for numbers.
 */
export interface RunValueCondition {
  key: string;
  eq?: unknown;
  ne?: unknown;
  in?: Maybe<readonly unknown[]>;
  notIn?: Maybe<readonly unknown[]>;
  gt?: Maybe<number>;
  gte?: Maybe<number>;
  lt?: Maybe<number>;
  lte?: Maybe<number>;
  exists?: Maybe<boolean>;
}

export interface RunTimeRange {
  gt?: Maybe<Date | number>;
  gte?: Maybe<Date | number>;
  lt?: Maybe<Date | number>;
  lte?: Maybe<Date | number>;
}

/** Every field given must hold; and/or/not combine nested filters; `{}` matches every run. */
export interface RunQueryFilter {
  and?: Maybe<readonly RunQueryFilter[]>;
  or?: Maybe<readonly RunQueryFilter[]>;
  not?: Maybe<RunQueryFilter>;
  id?: Maybe<RunTextCondition>;
  name?: Maybe<RunTextCondition>;
  method?: Maybe<RunTextCondition>;
  dataset?: Maybe<RunTextCondition>;
  status?: Maybe<Omit<RunTextCondition, 'contains' | 'isNull'>>;
  tags?: Maybe<RunTagCondition>;
  params?: Maybe<readonly RunValueCondition[]>;
  metrics?: Maybe<readonly RunValueCondition[]>;
  createdAt?: Maybe<RunTimeRange>;
}

/** A filter, order or cursor the store cannot use; `path` names the place (`filter.or[0].tags`). */
export class RunQueryError extends InvalidInputError {
  override name = 'RunQueryError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Nesting deeper than this (and/or/not) is refused: a filter is written by people, not generated forever. */
export const MAX_FILTER_DEPTH = 8;
/** At most this many predicates and list entries in one filter. */
export const MAX_FILTER_TERMS = 1000;

export type Condition = RawBuilder<SqlBool>;
export const TRUE: Condition = sql<SqlBool>`(1 = 1)`;
export const FALSE: Condition = sql<SqlBool>`(1 = 0)`;

export function allOf(parts: readonly Condition[]): Condition {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

export function anyOf(parts: readonly Condition[]): Condition {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

const VALUE_COMPARISONS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
type ValueComparison = (typeof VALUE_COMPARISONS)[number];
const TEXT_FIELDS = ['id', 'name', 'method', 'dataset'] as const;
const NULLABLE_TEXT = new Set(['name', 'dataset']);

/** Checks a filter and compiles it to a condition on the `runs` row; throws RunQueryError naming the place. */
export function compileRunFilter(filter: Maybe<RunQueryFilter>, dialect: StoreDialect): Condition {
  let terms = 0;
  const count = (n: number, where: string): void => {
    terms += n;
    if (terms > MAX_FILTER_TERMS) fail(where, `the filter has more than ${MAX_FILTER_TERMS} predicates and list entries; split the query`);
  };
  const listLength = (p: { in?: Maybe<readonly unknown[]>; notIn?: Maybe<readonly unknown[]> }) => (p.in?.length ?? 0) + (p.notIn?.length ?? 0);

  const compile = (f: RunQueryFilter, where: string, depth: number): Condition => {
    if (depth > MAX_FILTER_DEPTH) fail(where, `filters nest at most ${MAX_FILTER_DEPTH} levels deep`);
    if (f === null || typeof f !== 'object' || Array.isArray(f)) fail(where, 'must be an object');
    const parts: Condition[] = [];
    if (f.and) {
      count(f.and.length, `${where}.and`);
      parts.push(allOf(f.and.map((g, i) => compile(g, `${where}.and[${i}]`, depth + 1))));
    }
    if (f.or) {
      count(f.or.length, `${where}.or`);
      parts.push(anyOf(f.or.map((g, i) => compile(g, `${where}.or[${i}]`, depth + 1))));
    }
    if (f.not) parts.push(sql<SqlBool>`(not ${compile(f.not, `${where}.not`, depth + 1)})`);
    for (const field of TEXT_FIELDS) {
      const p = f[field];
      if (p) {
        count(1 + listLength(p), `${where}.${field}`);
        parts.push(textCondition(p, `runs.${field}`, NULLABLE_TEXT.has(field), `${where}.${field}`, dialect));
      }
    }
    if (f.status) {
      const p = f.status;
      count(1 + listLength(p), `${where}.status`);
      for (const s of [p.eq, p.ne, ...(p.in ?? []), ...(p.notIn ?? [])]) {
        if (s != null && !(RUN_STATUSES as readonly string[]).includes(s)) fail(`${where}.status`, `unknown status "${s}"; statuses are ${RUN_STATUSES.join(', ')}`);
      }
      parts.push(textCondition({ ...p, contains: undefined, isNull: undefined }, 'runs.status', false, `${where}.status`, dialect));
    }
    if (f.tags) {
      const { all, any, none } = f.tags;
      if (!all && !any && !none) fail(`${where}.tags`, 'give at least one of all, any, none');
      count(1 + (all?.length ?? 0) + (any?.length ?? 0) + (none?.length ?? 0), `${where}.tags`);
      parts.push(tagCondition(f.tags));
    }
    (f.params ?? []).forEach((p, i) => {
      const at = `${where}.params[${i}]`;
      count(1 + listLength(p), at);
      parts.push(valueCondition(p, at, 'param', dialect));
    });
    (f.metrics ?? []).forEach((p, i) => {
      const at = `${where}.metrics[${i}]`;
      count(1 + listLength(p), at);
      parts.push(valueCondition(p, at, 'metric', dialect));
    });
    if (f.createdAt) parts.push(timeCondition(f.createdAt, `${where}.createdAt`));
    return allOf(parts);
  };

  return filter ? compile(filter, 'filter', 1) : TRUE;
}

function fail(where: string, problem: string): never {
  throw new RunQueryError(where, problem);
}

/** A null field matches only `isNull: true` given alone; comparisons are on the text as stored. */
function textCondition(p: RunTextCondition, column: string, nullable: boolean, where: string, dialect: StoreDialect): Condition {
  const { eq, ne, contains, isNull } = p;
  const within = p.in ?? undefined;
  const notIn = p.notIn ?? undefined;
  const compared = [eq, ne, within, notIn, contains].some((v) => v !== undefined && v !== null);
  if (!compared && (isNull === undefined || isNull === null)) fail(where, 'give at least one of eq, ne, in, notIn, contains, isNull');
  for (const [name, v] of [['eq', eq], ['ne', ne], ['contains', contains]] as const) {
    if (v != null && typeof v !== 'string') fail(where, `${name} must be a string`);
  }
  for (const [name, list] of [['in', within], ['notIn', notIn]] as const) {
    if (list && (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))) fail(where, `${name} must be a list of strings`);
  }
  const col = sql.raw(column);
  if (isNull === true) return compared || !nullable ? FALSE : sql<SqlBool>`(${col} is null)`;
  const parts: Condition[] = nullable ? [sql<SqlBool>`(${col} is not null)`] : [];
  if (eq != null) parts.push(sql<SqlBool>`(${col} = ${eq})`);
  if (ne != null) parts.push(sql<SqlBool>`(${col} <> ${ne})`);
  if (within) parts.push(within.length === 0 ? FALSE : sql<SqlBool>`(${col} in (${sql.join(within)}))`);
  if (notIn && notIn.length > 0) parts.push(sql<SqlBool>`(${col} not in (${sql.join(notIn)}))`);
  if (contains != null) {
    // Both sides folded by the database's lower(), so the needle and the text fold alike.
    const found = dialect === 'postgres' ? sql`strpos(lower(${col}), lower(${contains}))` : sql`instr(lower(${col}), lower(${contains}))`;
    parts.push(sql<SqlBool>`(${found} > 0)`);
  }
  return allOf(parts);
}

function tagCondition({ all, any, none }: RunTagCondition): Condition {
  const having = (tags: readonly string[]) => sql<SqlBool>`exists (select 1 from run_tags t where t.run_id = runs.id and t.tag in (${sql.join(tags)}))`;
  const parts: Condition[] = (all ?? []).map((t) => having([t]));
  if (any) parts.push(any.length === 0 ? FALSE : having(any));
  if (none && none.length > 0) parts.push(sql<SqlBool>`(not ${having(none)})`);
  return allOf(parts);
}

/**
 * One EXISTS over the key's row holding every comparison given, or NOT EXISTS for `exists: false`
 * (which with any other comparison can never hold: a missing key fails them all).
 */
function valueCondition(p: RunValueCondition, where: string, kind: 'param' | 'metric', dialect: StoreDialect): Condition {
  if (p === null || typeof p !== 'object') fail(where, 'must be an object');
  if (typeof p.key !== 'string' || p.key.trim() === '') fail(where, 'key must be a non-empty string');
  const given = (name: ValueComparison): boolean => {
    if (!(name in p)) return false;
    const v = p[name];
    return name === 'eq' || name === 'ne' ? v !== undefined : v !== undefined && v !== null;
  };
  if (!VALUE_COMPARISONS.some(given)) fail(where, `give at least one of ${VALUE_COMPARISONS.join(', ')} for key "${p.key}"`);
  for (const name of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (given(name) && (typeof p[name] !== 'number' || !Number.isFinite(p[name]))) fail(where, `${name} must be a finite number`);
  }
  for (const name of ['in', 'notIn'] as const) {
    if (given(name) && !Array.isArray(p[name])) fail(where, `${name} must be a list`);
  }
  if (given('exists') && typeof p.exists !== 'boolean') fail(where, 'exists must be true or false');
  const json = (v: unknown, name: string): JsonValue => checkedJson(v, `${where}.${name}`);
  const is = (values: readonly JsonValue[]) => (kind === 'param' ? paramIs(values, dialect) : metricIs(values));
  // The number the ranges compare: a param typed as a number, a metric that is not NaN.
  const [isNumber, number] = kind === 'param' ? [sql`v.value_type = 'number'`, sql`v.value_number`] : [sql`v.value is not null`, sql`v.value`];
  const parts: Condition[] = [];
  if (given('eq')) parts.push(is([json(p.eq, 'eq')]));
  if (given('ne')) parts.push(sql<SqlBool>`(not ${is([json(p.ne, 'ne')])})`);
  if (given('in')) parts.push(is(p.in!.map((v, i) => json(v, `in[${i}]`))));
  if (given('notIn')) parts.push(sql<SqlBool>`(not ${is(p.notIn!.map((v, i) => json(v, `notIn[${i}]`)))})`);
  for (const [name, op] of [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']] as const) {
    if (given(name)) parts.push(sql<SqlBool>`(${isNumber} and ${number} ${sql.raw(op)} ${p[name]!})`);
  }
  const table = sql.raw(kind === 'param' ? 'run_params' : 'metric_latest');
  const row = (conditions: readonly Condition[]) =>
    sql<SqlBool>`exists (select 1 from ${table} v where v.run_id = runs.id and v.key = ${p.key}${sql.join(
      conditions.map((c) => sql` and ${c}`),
      sql``,
    )})`;
  if (given('exists') && p.exists === false) return parts.length > 0 ? FALSE : sql<SqlBool>`(not ${row([])})`;
  return row(parts);
}

function checkedJson(value: unknown, where: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(where, 'must be a finite number');
    return value;
  }
  if (typeof value === 'object') {
    try {
      return JSON.parse(JSON.stringify(value)) as JsonValue;
    } catch {
      fail(where, 'must be a JSON value');
    }
  }
  fail(where, 'must be a JSON value');
}

/**
 * A stored param (`run_params` row `v`) equal to one of `values`, by type: numbers by value, strings,
 * booleans and null by type and text, arrays deeply (arrayEquals). A config never holds an object as
 * a value (objects are flattened into keys), so an object matches nothing.
 */
function paramIs(values: readonly JsonValue[], dialect: StoreDialect): Condition {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const strings = values.filter((v): v is string => typeof v === 'string');
  const booleans = [...new Set(values.filter((v): v is boolean => typeof v === 'boolean').map(String))];
  const arrays = values.filter((v): v is JsonValue[] => Array.isArray(v));
  const parts: Condition[] = [];
  if (values.includes(null)) parts.push(sql<SqlBool>`(v.value_type = 'null')`);
  if (numbers.length > 0) parts.push(sql<SqlBool>`(v.value_type = 'number' and v.value_number in (${sql.join(numbers)}))`);
  if (strings.length > 0) parts.push(sql<SqlBool>`(v.value_type = 'string' and v.value in (${sql.join(strings)}))`);
  if (booleans.length > 0) parts.push(sql<SqlBool>`(v.value_type = 'boolean' and v.value in (${sql.join(booleans)}))`);
  for (const array of arrays) parts.push(sql<SqlBool>`(v.value_type = 'json' and ${arrayEquals(array, dialect)})`);
  return anyOf(parts);
}

/**
 * The stored array (JSON text written by JSON.stringify) deeply equal to `array`. Without objects
 * inside, the texts are equal exactly when the values are. With objects, key order must not count:
 * PostgreSQL compares as jsonb; SQLite compares the two values' sets of nodes (path, type, atom).
 */
function arrayEquals(array: JsonValue[], dialect: StoreDialect): Condition {
  const text = encodeJson(array);
  if (!holdsObject(array)) return sql<SqlBool>`(v.value = ${text})`;
  if (dialect === 'postgres') return sql<SqlBool>`(cast(v.value as jsonb) = cast(${text} as jsonb))`;
  const nodes = (json: RawBuilder<unknown>) => sql`select fullkey, type, atom from json_tree(${json})`;
  const stored = sql`v.value`;
  const wanted = sql`${text}`;
  return sql<SqlBool>`(not exists (${nodes(stored)} except ${nodes(wanted)}) and not exists (${nodes(wanted)} except ${nodes(stored)}))`;
}

function holdsObject(value: JsonValue): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Array.isArray(value) ? value.some(holdsObject) : true;
}

/** A metric's latest value (`metric_latest` row `v`; NULL is NaN, equal to nothing) equal to one of `values`. */
function metricIs(values: readonly JsonValue[]): Condition {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return numbers.length === 0 ? FALSE : sql<SqlBool>`(v.value is not null and v.value in (${sql.join(numbers)}))`;
}

function timeCondition(r: RunTimeRange, where: string): Condition {
  const parts: Condition[] = [];
  for (const [name, op] of [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']] as const) {
    const bound = r[name];
    if (bound === undefined || bound === null) continue;
    const ms = bound instanceof Date ? bound.getTime() : bound;
    if (!Number.isSafeInteger(ms)) fail(where, `${name} must be a valid time (a Date or whole milliseconds since 1970)`);
    parts.push(sql<SqlBool>`(runs.created_at ${sql.raw(op)} ${ms})`);
  }
  if (parts.length === 0) fail(where, 'give at least one of gt, gte, lt, lte');
  return allOf(parts);
}
