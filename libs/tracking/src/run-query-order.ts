/**
 * Ordering of runs in SQL: a list of sort keys (created time, name, method, status, a metric's latest
 * value, a config value), each ascending or descending, with missing values last in either direction,
 * then newest first and the id as the final tie-breakers, so the order — and every cursor — is total.
 *
 * A cursor is the sort key of a run (one value per sort key, tie-breakers included); "after" it is
 * one keyset condition. Values compare as they do in JavaScript: numbers by value; a config value by
 * type first (numbers, then booleans, then strings and arrays as their JSON text), the direction
 * flipping that rank too; a non-finite metric (NaN, ±Infinity) counts as missing. Text compares by
 * code point (PostgreSQL `COLLATE "C"`, SQLite's binary collation), whatever the database's locale.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { allOf, anyOf, FALSE, RunQueryError, type Condition } from './run-query-filter';
import type { StoreDialect } from './url';

export type RunOrderField = 'CREATED_AT' | 'NAME' | 'METHOD' | 'STATUS' | 'METRIC' | 'PARAM';

export interface RunQueryOrder {
  field: RunOrderField;
  /** The metric key (METRIC) or dotted config key (PARAM). */
  key?: string | null;
  /** Default DESC. */
  direction?: 'ASC' | 'DESC' | null;
}

export type RunSortValue = string | number | boolean | null;
/** A run's place in an order: one value per sort key, tie-breakers included (the content of a cursor). */
export type RunSortKey = readonly RunSortValue[];

/** At most this many sort keys (tie-breakers not counted). */
export const MAX_SORT_KEYS = 5;

const DEFAULT_ORDER: readonly RunQueryOrder[] = [{ field: 'CREATED_AT', direction: 'DESC' }];

/** One sort key as SQL: the joins it needs, the columns it selects, how it orders and compares. */
interface SortTerm {
  join?: RawBuilder<unknown>;
  columns: RawBuilder<unknown>[];
  orderBy: RawBuilder<unknown>[];
  /** The run's value of this key, from its selected columns. */
  read(row: Record<string, unknown>): RunSortValue;
  /** Whether `value` can be this key's value (a cursor from another order is refused). */
  accepts(value: RunSortValue): boolean;
  /** The run sorts strictly after `value` on this key. */
  after(value: RunSortValue): Condition;
  /** The run sorts equal to `value` on this key. */
  equal(value: RunSortValue): Condition;
}

export interface CompiledRunOrder {
  joins: RawBuilder<unknown>[];
  columns: RawBuilder<unknown>[];
  orderBy: RawBuilder<unknown>;
  keyOf(row: Record<string, unknown>): RunSortKey;
  /** Runs strictly after the cursor key (checked: a key of another order throws RunQueryError). */
  after(key: RunSortKey): Condition;
}

export function compileRunOrder(orderBy: readonly RunQueryOrder[] | null | undefined, dialect: StoreDialect): CompiledRunOrder {
  const given = orderBy && orderBy.length > 0 ? orderBy : DEFAULT_ORDER;
  if (given.length > MAX_SORT_KEYS) throw new RunQueryError('orderBy', `at most ${MAX_SORT_KEYS} sort keys`);
  const terms = given.map((o, i) => {
    const where = `orderBy[${i}]`;
    if (o === null || typeof o !== 'object') throw new RunQueryError(where, 'must be an object');
    const needsKey = o.field === 'METRIC' || o.field === 'PARAM';
    if (needsKey && (typeof o.key !== 'string' || o.key.trim() === '')) {
      throw new RunQueryError(where, `field ${o.field} needs a key (a ${o.field === 'METRIC' ? 'metric key such as "val/auc"' : 'dotted config key'})`);
    }
    if (!needsKey && o.key) throw new RunQueryError(where, 'key is only for METRIC and PARAM');
    const direction = o.direction ?? 'DESC';
    if (direction !== 'ASC' && direction !== 'DESC') throw new RunQueryError(where, `direction must be ASC or DESC, got ${String(direction)}`);
    return sortTerm(o.field, o.key ?? '', direction === 'DESC', `s${i}`, dialect, where);
  });
  // Tie-breakers: newest first, then id (descending, like the store's listing).
  terms.push(columnTerm('runs.created_at', 'number', true, 'tie_created', dialect));
  terms.push(columnTerm('runs.id', 'text', true, 'tie_id', dialect));
  return {
    joins: terms.flatMap((t) => (t.join ? [t.join] : [])),
    columns: terms.flatMap((t) => t.columns),
    orderBy: sql.join(terms.flatMap((t) => t.orderBy)),
    keyOf: (row) => terms.map((t) => t.read(row)),
    after: (key) => {
      if (key.length !== terms.length || !terms.every((t, i) => t.accepts(key[i]!))) {
        throw new RunQueryError('after', 'the cursor is not one of this list (use an edge\'s cursor or pageInfo.endCursor of the same query)');
      }
      // (k0 after) or (k0 equal and k1 after) or ...: lexicographic "strictly after".
      return anyOf(terms.map((t, i) => allOf([...terms.slice(0, i).map((u, j) => u.equal(key[j]!)), t.after(key[i]!)])));
    },
  };
}

function sortTerm(field: RunOrderField, key: string, descending: boolean, alias: string, dialect: StoreDialect, where: string): SortTerm {
  switch (field) {
    case 'CREATED_AT':
      return columnTerm('runs.created_at', 'number', descending, alias, dialect);
    case 'NAME':
      return columnTerm('runs.name', 'nullable-text', descending, alias, dialect);
    case 'METHOD':
      return columnTerm('runs.method', 'text', descending, alias, dialect);
    case 'STATUS':
      return columnTerm('runs.status', 'text', descending, alias, dialect);
    case 'METRIC':
      return metricTerm(key, descending, alias, dialect);
    case 'PARAM':
      return paramTerm(key, descending, alias, dialect);
    default:
      throw new RunQueryError(where, `unknown field ${String(field)}; fields are CREATED_AT, NAME, METHOD, STATUS, METRIC, PARAM`);
  }
}

const op = (descending: boolean) => sql.raw(descending ? '<' : '>');
const dir = (descending: boolean) => sql.raw(descending ? 'desc' : 'asc');
/** Text ordered by code point on PostgreSQL too, whatever the database's collation. */
const byCodePoint = (expr: RawBuilder<unknown>, dialect: StoreDialect) => (dialect === 'postgres' ? sql`${expr} collate "C"` : expr);

/** A value that is one type or missing (null): missing sorts last in either direction. */
function scalarTerm(
  expr: RawBuilder<unknown>,
  type: 'number' | 'text',
  nullable: boolean,
  descending: boolean,
  alias: string,
  dialect: StoreDialect,
): SortTerm {
  const compared = type === 'text' ? byCodePoint(expr, dialect) : expr;
  const name = sql.raw(alias);
  return {
    columns: [sql`${expr} as ${name}`],
    orderBy: [...(nullable ? [sql`(${expr} is null)`] : []), sql`${compared} ${dir(descending)}`],
    read: (row) => {
      const v = row[alias];
      if (v === null || v === undefined) return null;
      return type === 'number' ? Number(v) : String(v);
    },
    accepts: (v) => (v === null ? nullable : type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'string'),
    after: (v) => (v === null ? FALSE : sql<SqlBool>`(${nullable ? sql`${expr} is null or ` : sql``}${compared} ${op(descending)} ${v})`),
    equal: (v) => (v === null ? sql<SqlBool>`(${expr} is null)` : sql<SqlBool>`(${expr} is not null and ${expr} = ${v})`),
  };
}

function columnTerm(column: string, kind: 'number' | 'text' | 'nullable-text', descending: boolean, alias: string, dialect: StoreDialect): SortTerm {
  const accepts = kind === 'number' ? (v: RunSortValue) => Number.isSafeInteger(v) : undefined;
  const term = scalarTerm(sql.raw(column), kind === 'number' ? 'number' : 'text', kind === 'nullable-text', descending, alias, dialect);
  return accepts ? { ...term, accepts } : term;
}

/** The metric's latest value; NaN (stored as NULL) and ±Infinity count as missing. */
function metricTerm(key: string, descending: boolean, alias: string, dialect: StoreDialect): SortTerm {
  const table = sql.raw(`${alias}_m`);
  const infinity = dialect === 'postgres' ? sql`cast('Infinity' as double precision)` : sql`9e999`;
  const value = sql`(case when ${table}.value > -${infinity} and ${table}.value < ${infinity} then ${table}.value end)`;
  return {
    ...scalarTerm(value, 'number', true, descending, alias, dialect),
    join: sql`left join metric_latest ${table} on ${table}.run_id = runs.id and ${table}.key = ${key}`,
  };
}

/**
 * A config value: rank (0 number, 1 boolean, 2 string or array; missing and JSON null have none),
 * then the number (booleans as 0/1) or the text, so mixed types order as they do in memory.
 */
function paramTerm(key: string, descending: boolean, alias: string, dialect: StoreDialect): SortTerm {
  const table = sql.raw(`${alias}_p`);
  const rank = sql`(case ${table}.value_type when 'number' then 0 when 'boolean' then 1 when 'string' then 2 when 'json' then 2 end)`;
  const num = sql`(case ${table}.value_type when 'number' then ${table}.value_number when 'boolean' then (case when ${table}.value = 'true' then 1 else 0 end) end)`;
  const text = sql`(case when ${table}.value_type in ('string', 'json') then ${table}.value end)`;
  const textByCodePoint = byCodePoint(text, dialect);
  const [rankName, numName, textName] = [`${alias}_rank`, `${alias}_num`, `${alias}_text`];
  const valueOf = (v: Exclude<RunSortValue, null>) => (typeof v === 'number' ? { rank: 0, sql: sql`${num}`, v } : typeof v === 'boolean' ? { rank: 1, sql: sql`${num}`, v: v ? 1 : 0 } : { rank: 2, sql: textByCodePoint, v });
  return {
    join: sql`left join run_params ${table} on ${table}.run_id = runs.id and ${table}.key = ${key}`,
    columns: [sql`${rank} as ${sql.raw(rankName)}`, sql`${num} as ${sql.raw(numName)}`, sql`${text} as ${sql.raw(textName)}`],
    orderBy: [sql`(${rank} is null)`, sql`${rank} ${dir(descending)}`, sql`${num} ${dir(descending)}`, sql`${textByCodePoint} ${dir(descending)}`],
    read: (row) => {
      const r = row[rankName];
      if (r === null || r === undefined) return null;
      const n = row[numName];
      switch (Number(r)) {
        case 0:
          return Number(n);
        case 1:
          return Number(n) === 1;
        default:
          return String(row[textName]);
      }
    },
    accepts: (v) => v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    after: (v) => {
      if (v === null) return FALSE;
      const { rank: r, sql: expr, v: value } = valueOf(v);
      return sql<SqlBool>`(${rank} is null or ${rank} ${op(descending)} ${r} or (${rank} = ${r} and ${expr} ${op(descending)} ${value}))`;
    },
    equal: (v) => {
      if (v === null) return sql<SqlBool>`(${rank} is null)`;
      const { rank: r, sql: expr, v: value } = valueOf(v);
      return sql<SqlBool>`(${rank} is not null and ${rank} = ${r} and ${expr} = ${value})`;
    },
  };
}
