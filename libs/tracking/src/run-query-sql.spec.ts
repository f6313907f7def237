import type { JsonValue } from './json';
import { RunQueryError, type RunQueryFilter, type RunValueCondition } from './run-query-filter';
import type { RunQueryOrder, RunSortKey, RunSortValue } from './run-query-order';
import type { RunStatus } from './runs';
import { describeEachStore, type TestStore } from './test-support/store-factories';

/**
 * The SQL runs query against a reference written here: the rows the test inserts, kept in plain
 * objects, filtered and sorted in JavaScript by the rules of docs/graph.md (the run filter language).
 * Every filter × order of the matrix is compared in full, and paged with small pages that split ties.
 */

interface Logged {
  key: string;
  step: number;
  value: number;
}

interface ReferenceRun {
  id: string;
  name: string | null;
  method: string;
  dataset: string | null;
  status: RunStatus;
  tags: string[];
  config: Record<string, JsonValue>;
  createdAt: number;
  logged: Logged[];
}

const BASE_TIME = Date.UTC(2025, 5, 1);
const LRS: JsonValue[] = [0.001, 0.01, 0.1, '0.01', 1e-4];
const DEPTHS: Array<JsonValue | undefined> = [18, 34, '50', true, null, undefined, 18];
const LAYERS: Array<JsonValue | undefined> = [[1, 2], [2, 1], [], undefined];
const SCHEDULES: Array<JsonValue | undefined> = [[{ a: 1, b: 2 }], [{ b: 2, a: 1 }], [{ a: 1, b: 3 }], undefined, undefined];
const NAMES = [null, 'Base-3', 'base line', 'sweep', 'Zeta', 'alpha', 'Ébauche', 'BASE'];
const AUCS = [0.5, 0.9, 0.75, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.3, 0.95, 0.5];
const STATUSES: RunStatus[] = ['finished', 'failed', 'running', 'queued', 'finished'];
const TAG_SETS = [[], ['baseline'], ['sweep'], ['baseline', 'sweep'], ['ablation'], ['sweep', 'ablation']];

/** 36 runs; creation times come in threes (ties broken by id), several values repeat on purpose. */
function referenceRuns(): ReferenceRun[] {
  return Array.from({ length: 36 }, (_, i): ReferenceRun => {
    const config: Record<string, JsonValue> = { seed: i, opt: { lr: LRS[i % LRS.length]!, ...(i % 4 === 0 ? {} : { name: i % 3 === 0 ? 'adam' : 'sgd' }) } };
    const model: Record<string, JsonValue> = {};
    const depth = DEPTHS[i % DEPTHS.length];
    if (depth !== undefined) model['depth'] = depth;
    if (Object.keys(model).length > 0) config['model'] = model;
    if (i % 3 !== 2) config['aug'] = { flip: i % 2 === 0 };
    const layers = LAYERS[i % LAYERS.length];
    if (layers !== undefined) config['layers'] = layers;
    const schedule = SCHEDULES[i % SCHEDULES.length];
    if (schedule !== undefined) config['sched'] = schedule;
    const logged: Logged[] = [];
    if (i % 7 !== 6) {
      const auc = AUCS[i % AUCS.length]!;
      // An earlier step logged last must not be the latest; a repeated step's last row is.
      logged.push({ key: 'val/auc', step: 1, value: 0.1 }, { key: 'val/auc', step: 5, value: 0.2 }, { key: 'val/auc', step: 5, value: auc }, { key: 'val/auc', step: 3, value: 0.99 });
    }
    if (i % 2 === 0) logged.push({ key: 'loss', step: 2, value: (i % 5) / 10 });
    // Mixed-case ids with digits and punctuation: code-point order differs from a locale's.
    const id = [`run-${String(i).padStart(2, '0')}`, `Run_${i}`, `a.${i}`, `Z${i}`][i % 4]!;
    return {
      id,
      name: NAMES[i % NAMES.length]!,
      method: ['protopnet', 'global', 'multiview'][i % 3]!,
      dataset: i % 5 === 4 ? null : i % 2 === 0 ? 'mammo' : 'cxr',
      status: STATUSES[i % STATUSES.length]!,
      tags: TAG_SETS[i % TAG_SETS.length]!,
      config,
      createdAt: BASE_TIME + Math.floor(i / 3) * 1000,
      logged,
    };
  });
}

// ----- the reference -----------------------------------------------------------------------------

function flatten(config: Record<string, JsonValue>): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  const walk = (prefix: string, v: JsonValue): void => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const k of Object.keys(v)) walk(prefix ? `${prefix}.${k}` : k, v[k]!);
    } else out.set(prefix, v);
  };
  walk('', config);
  return out;
}

/** JSON text with object keys sorted: equal texts mean deeply equal values. */
function canonical(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`)
    .join(',')}}`;
}

function latestMetric(run: ReferenceRun, key: string): number | undefined {
  let best: Logged | undefined;
  for (const l of run.logged) if (l.key === key && (!best || l.step >= best.step)) best = l;
  return best?.value;
}

function valueHolds(p: RunValueCondition, present: boolean, v: JsonValue | undefined): boolean {
  const has = (name: keyof RunValueCondition) => name in p && p[name] !== undefined && (name === 'eq' || name === 'ne' || p[name] !== null);
  if (has('exists') && p.exists !== present) return false;
  if (!present) return p.exists === false && !['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte'].some((n) => has(n as keyof RunValueCondition));
  // Numbers by value (NaN equals nothing), everything else by canonical JSON text.
  const same = (c: unknown) => (typeof v === 'number' ? typeof c === 'number' && v === c : canonical(v as JsonValue) === canonical(c as JsonValue));
  const num = typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
  return (
    (!has('eq') || same(p.eq)) &&
    (!has('ne') || !same(p.ne)) &&
    (!has('in') || p.in!.some(same)) &&
    (!has('notIn') || !p.notIn!.some(same)) &&
    (!has('gt') || (num !== undefined && num > p.gt!)) &&
    (!has('gte') || (num !== undefined && num >= p.gte!)) &&
    (!has('lt') || (num !== undefined && num < p.lt!)) &&
    (!has('lte') || (num !== undefined && num <= p.lte!))
  );
}

function textHolds(p: NonNullable<RunQueryFilter['name']>, v: string | null): boolean {
  if (p.isNull != null && (v === null) !== p.isNull) return false;
  if (v === null) return p.isNull === true && [p.eq, p.ne, p.in, p.notIn, p.contains].every((x) => x == null);
  return (
    (p.eq == null || v === p.eq) &&
    (p.ne == null || v !== p.ne) &&
    (p.in == null || p.in.includes(v)) &&
    (p.notIn == null || !p.notIn.includes(v)) &&
    (p.contains == null || v.toLowerCase().includes(p.contains.toLowerCase()))
  );
}

function holds(f: RunQueryFilter, run: ReferenceRun): boolean {
  const params = flatten(run.config);
  const checks: boolean[] = [];
  if (f.and) checks.push(f.and.every((g) => holds(g, run)));
  if (f.or) checks.push(f.or.some((g) => holds(g, run)));
  if (f.not) checks.push(!holds(f.not, run));
  for (const field of ['id', 'name', 'method', 'dataset', 'status'] as const) {
    const p = f[field];
    if (p) checks.push(textHolds(p, run[field]));
  }
  if (f.tags) {
    const { all, any, none } = f.tags;
    checks.push((!all || all.every((t) => run.tags.includes(t))) && (!any || any.some((t) => run.tags.includes(t))) && (!none || none.every((t) => !run.tags.includes(t))));
  }
  for (const p of f.params ?? []) checks.push(valueHolds(p, params.has(p.key), params.get(p.key)));
  for (const p of f.metrics ?? []) {
    const v = latestMetric(run, p.key);
    checks.push(valueHolds(p, v !== undefined, v));
  }
  if (f.createdAt) {
    const t = run.createdAt;
    const ms = (d: Date | number | null | undefined) => (d instanceof Date ? d.getTime() : d);
    const { gt, gte, lt, lte } = f.createdAt;
    checks.push((gt == null || t > ms(gt)!) && (gte == null || t >= ms(gte)!) && (lt == null || t < ms(lt)!) && (lte == null || t <= ms(lte)!));
  }
  return checks.every(Boolean);
}

function sortValue(run: ReferenceRun, o: RunQueryOrder | { field: 'ID' }): RunSortValue {
  switch (o.field) {
    case 'CREATED_AT':
      return run.createdAt;
    case 'ID':
      return run.id;
    case 'NAME':
      return run.name;
    case 'METHOD':
      return run.method;
    case 'STATUS':
      return run.status;
    case 'METRIC': {
      const v = latestMetric(run, o.key!);
      return v !== undefined && Number.isFinite(v) ? v : null;
    }
    case 'PARAM': {
      const v = flatten(run.config).get(o.key!);
      if (v === undefined || v === null) return null;
      return typeof v === 'object' ? JSON.stringify(v) : v;
    }
  }
}

function compareSortValues(a: RunSortValue, b: RunSortValue, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const rank = (v: RunSortValue) => ['number', 'boolean', 'string'].indexOf(typeof v);
  let c = rank(a) - rank(b);
  if (c === 0) c = typeof a === 'string' ? (a < (b as string) ? -1 : a > (b as string) ? 1 : 0) : Number(a) - Number(b);
  return descending ? -c : c;
}

function referenceOrder(orderBy: RunQueryOrder[] | null) {
  const keys = [...(orderBy && orderBy.length > 0 ? orderBy : [{ field: 'CREATED_AT' as const }]), { field: 'CREATED_AT' as const }, { field: 'ID' as const }];
  const descending = keys.map((k, i) => i >= keys.length - 2 || !('direction' in k) || k.direction !== 'ASC');
  const keyOf = (run: ReferenceRun): RunSortKey => keys.map((k) => sortValue(run, k as RunQueryOrder));
  const compare = (a: RunSortKey, b: RunSortKey) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareSortValues(a[i]!, b[i]!, descending[i]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  return { keyOf, compare };
}

// ----- the matrix --------------------------------------------------------------------------------

const FILTERS: Array<[string, RunQueryFilter]> = [
  ['everything', {}],
  ['param range on a nested number (the string "0.01" is not a number)', { params: [{ key: 'opt.lr', gt: 0.005 }] }],
  ['param eq number', { params: [{ key: 'opt.lr', eq: 0.01 }] }],
  ['param eq string', { params: [{ key: 'opt.lr', eq: '0.01' }] }],
  ['param in of mixed types with null', { params: [{ key: 'model.depth', in: [18, '50', true, null] }] }],
  ['param ne (missing keys fail, JSON null passes)', { params: [{ key: 'model.depth', ne: 34 }] }],
  ['param eq null', { params: [{ key: 'model.depth', eq: null }] }],
  ['param exists false', { params: [{ key: 'model.depth', exists: false }] }],
  ['param exists false with a comparison', { params: [{ key: 'model.depth', exists: false, eq: 18 }] }],
  ['param boolean', { params: [{ key: 'aug.flip', eq: false }] }],
  ['param array', { params: [{ key: 'layers', eq: [1, 2] }] }],
  ['param empty array', { params: [{ key: 'layers', eq: [] }] }],
  ['param array of objects, keys in another order', { params: [{ key: 'sched', eq: [{ b: 2, a: 1 }] }] }],
  ['param notIn arrays of objects', { params: [{ key: 'sched', notIn: [[{ a: 1, b: 2 }]] }] }],
  ['param in []', { params: [{ key: 'opt.lr', in: [] }] }],
  ['param notIn []', { params: [{ key: 'opt.name', notIn: [] }] }],
  ['param whole object never equals', { params: [{ key: 'opt', eq: { lr: 0.01 } }] }],
  ['metric range', { metrics: [{ key: 'val/auc', gte: 0.5, lt: 0.9 }] }],
  ['metric above (Infinity is a number)', { metrics: [{ key: 'val/auc', gt: 0.9 }] }],
  ['metric ne (NaN passes)', { metrics: [{ key: 'val/auc', ne: 0.5 }] }],
  ['metric in and a string that never matches', { metrics: [{ key: 'val/auc', in: [0.5, '0.9', 0.75] }] }],
  ['metric exists', { metrics: [{ key: 'val/auc', exists: true }] }],
  ['metric missing', { metrics: [{ key: 'val/auc', exists: false }] }],
  ['not a metric range (NaN and missing pass)', { not: { metrics: [{ key: 'val/auc', gt: 0.5 }] } }],
  ['two metrics', { metrics: [{ key: 'val/auc', lte: 0.9 }, { key: 'loss', lt: 0.25 }] }],
  ['name contains', { name: { contains: 'bAsE' } }],
  ['name isNull', { name: { isNull: true } }],
  ['name set and not one value', { name: { isNull: false, ne: 'sweep' } }],
  ['name ne (null fails)', { name: { ne: 'sweep' } }],
  ['not name eq (null passes)', { not: { name: { eq: 'sweep' } } }],
  ['name isNull with eq never holds', { name: { isNull: true, eq: 'x' } }],
  ['dataset in / notIn', { dataset: { in: ['mammo', 'cxr'], notIn: ['cxr'] } }],
  ['method and status', { method: { ne: 'global' }, status: { notIn: ['finished', 'queued'] } }],
  ['id in', { id: { in: ['Run_1', 'a.2', 'Z3', 'run-04', 'nope'] } }],
  ['tags all', { tags: { all: ['sweep', 'baseline'] } }],
  ['tags any empty', { tags: { any: [] } }],
  ['tags none and any', { tags: { none: ['ablation'], any: ['sweep', 'nothing'] } }],
  ['or empty', { or: [] }],
  ['and empty', { and: [] }],
  ['or of a param and a tag', { or: [{ params: [{ key: 'opt.name', eq: 'adam' }] }, { tags: { all: ['ablation'] } }] }],
  ['not of and with or', { not: { and: [{ dataset: { eq: 'mammo' } }, { or: [{ method: { eq: 'global' } }, { metrics: [{ key: 'loss', exists: true }] }] }] } }],
  ['created between', { createdAt: { gte: new Date(BASE_TIME + 2000), lt: new Date(BASE_TIME + 7000) } }],
];

const ORDERS: Array<[string, RunQueryOrder[] | null]> = [
  ['default (newest first)', null],
  ['created ascending', [{ field: 'CREATED_AT', direction: 'ASC' }]],
  ['name ascending (nulls last)', [{ field: 'NAME', direction: 'ASC' }]],
  ['name descending (nulls last)', [{ field: 'NAME', direction: 'DESC' }]],
  ['method ascending, status descending', [{ field: 'METHOD', direction: 'ASC' }, { field: 'STATUS', direction: 'DESC' }]],
  ['metric descending', [{ field: 'METRIC', key: 'val/auc', direction: 'DESC' }]],
  ['metric ascending', [{ field: 'METRIC', key: 'val/auc', direction: 'ASC' }]],
  ['param of mixed types ascending', [{ field: 'PARAM', key: 'model.depth', direction: 'ASC' }]],
  ['param of mixed types descending', [{ field: 'PARAM', key: 'model.depth' }]],
  ['param number or string, then metric', [{ field: 'PARAM', key: 'opt.lr', direction: 'DESC' }, { field: 'METRIC', key: 'loss', direction: 'ASC' }]],
  ['param arrays as JSON text', [{ field: 'PARAM', key: 'sched', direction: 'ASC' }, { field: 'PARAM', key: 'layers', direction: 'DESC' }]],
];

describeEachStore('runs filtered, ordered and paged in SQL', (factory) => {
  const runs = referenceRuns();
  let ts: TestStore;

  beforeAll(async () => {
    ts = await factory.open();
    for (const r of runs) {
      ts.clock.set(r.createdAt);
      await ts.store.runs.create({ id: r.id, name: r.name, method: r.method, dataset: r.dataset, tags: r.tags, config: r.config });
      if (r.status !== 'queued') await ts.store.runs.updateStatus(r.id, r.status);
      if (r.logged.length > 0) await ts.store.metrics.log(r.id, r.logged);
    }
  }, 60_000);
  afterAll(() => ts?.cleanup());

  const expected = (filter: RunQueryFilter, orderBy: RunQueryOrder[] | null) => {
    const order = referenceOrder(orderBy);
    return runs
      .filter((r) => holds(filter, r))
      .map((r) => ({ id: r.id, key: order.keyOf(r) }))
      .sort((a, b) => order.compare(a.key, b.key));
  };

  it('the reference data covers what the matrix is about', () => {
    // Guards against a generator change that would leave cases vacuous.
    const depths = new Set(runs.map((r) => (flatten(r.config).has('model.depth') ? JSON.stringify(flatten(r.config).get('model.depth')) : 'missing')));
    expect(depths).toEqual(new Set(['18', '34', '"50"', 'true', 'null', 'missing']));
    expect(runs.filter((r) => Number.isNaN(latestMetric(r, 'val/auc'))).length).toBeGreaterThan(0);
    expect(new Set(runs.map((r) => r.createdAt)).size).toBe(runs.length / 3);
    for (const [title, filter] of FILTERS) {
      const n = runs.filter((r) => holds(filter, r)).length;
      if (!['or empty', 'tags any empty', 'param in []', 'param whole object never equals', 'param exists false with a comparison', 'name isNull with eq never holds'].includes(title)) {
        expect([title, n > 0 && n < runs.length]).toEqual([title, title === 'everything' || title === 'and empty' ? false : true]);
      }
    }
  });

  it.each(FILTERS)('filter: %s, under every order, in one page', async (_title, filter) => {
    for (const [orderTitle, orderBy] of ORDERS) {
      const page = await ts.store.runs.query({ filter, orderBy, first: 500 });
      const want = expected(filter, orderBy);
      expect([orderTitle, page.runs.map((r) => r.run.id)]).toEqual([orderTitle, want.map((w) => w.id)]);
      // The cursor content is the sort key the in-memory query put in it.
      expect(page.runs.map((r) => r.sortKey)).toEqual(want.map((w) => w.key));
      expect(page).toMatchObject({ totalCount: want.length, hasNextPage: false, hasPreviousPage: false });
    }
  });

  const PAGED_FILTERS = FILTERS.filter(([title]) => ['everything', 'param in of mixed types with null', 'not a metric range (NaN and missing pass)', 'name ne (null fails)'].includes(title));

  it.each(ORDERS)('order: %s, paged three and four at a time (pages split ties)', async (_title, orderBy) => {
    for (const [filterTitle, filter] of PAGED_FILTERS) {
      const want = expected(filter, orderBy);
      for (const size of [3, 4]) {
        const seen: string[] = [];
        let after: RunSortKey | undefined;
        for (let pageNumber = 0; ; pageNumber++) {
          const page = await ts.store.runs.query({ filter, orderBy, first: size, after });
          const ids = page.runs.map((r) => r.run.id);
          expect([filterTitle, size, pageNumber, ids]).toEqual([filterTitle, size, pageNumber, want.slice(seen.length, seen.length + size).map((w) => w.id)]);
          expect(page.totalCount).toBe(want.length);
          expect(page.hasPreviousPage).toBe(pageNumber > 0 && want.length > 0);
          seen.push(...ids);
          expect(page.hasNextPage).toBe(seen.length < want.length);
          if (!page.hasNextPage) break;
          after = page.runs[page.runs.length - 1]!.sortKey;
        }
        expect(seen).toEqual(want.map((w) => w.id));
      }
    }
  });

  it('starts after a cursor key that no run has, and says what is before it', async () => {
    const orderBy: RunQueryOrder[] = [{ field: 'METRIC', key: 'val/auc', direction: 'DESC' }];
    // Between 0.75 and 0.5: the next runs are those at 0.5 and below, then the missing ones.
    const page = await ts.store.runs.query({ orderBy, first: 500, after: [0.6, BASE_TIME, 'zzz'] });
    const want = expected({}, orderBy).filter((w) => w.key[0] === null || (w.key[0] as number) < 0.6);
    expect(page.runs.map((r) => r.run.id)).toEqual(want.map((w) => w.id));
    expect(page.hasPreviousPage).toBe(true);
    // After the last possible key: nothing, and everything is before.
    const end = await ts.store.runs.query({ orderBy, first: 5, after: [null, 0, ''] });
    expect(end).toMatchObject({ runs: [], hasNextPage: false, hasPreviousPage: true, totalCount: runs.length });
  });

  it('answers a page of zero runs with whether there is a next one', async () => {
    expect(await ts.store.runs.query({ first: 0 })).toMatchObject({ runs: [], hasNextPage: true, totalCount: runs.length });
    expect(await ts.store.runs.query({ first: 0, filter: { or: [] } })).toMatchObject({ runs: [], hasNextPage: false, totalCount: 0 });
  });

  it('refuses a filter, an order or a cursor it cannot use, naming the place', async () => {
    const refusal = async (query: Parameters<TestStore['store']['runs']['query']>[0]) => {
      const error = await ts.store.runs.query(query).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RunQueryError);
      return { path: (error as RunQueryError).path, message: (error as Error).message };
    };
    expect(await refusal({ first: 1, filter: { metrics: [{ key: 'val/auc' }] } })).toEqual({
      path: 'filter.metrics[0]',
      message: 'filter.metrics[0]: give at least one of eq, ne, in, notIn, gt, gte, lt, lte, exists for key "val/auc"',
    });
    expect((await refusal({ first: 1, filter: { or: [{ tags: {} }] } })).path).toBe('filter.or[0].tags');
    expect((await refusal({ first: 1, filter: { and: [{ params: [{ key: ' ', eq: 1 }] }] } })).path).toBe('filter.and[0].params[0]');
    expect((await refusal({ first: 1, filter: { params: [{ key: 'opt.lr', gt: Number.NaN }] } })).message).toBe('filter.params[0]: gt must be a finite number');
    expect((await refusal({ first: 1, filter: { status: { eq: 'done' as RunStatus } } })).message).toMatch(/^filter\.status: unknown status "done"/);
    expect((await refusal({ first: 1, filter: { createdAt: {} } })).path).toBe('filter.createdAt');
    let deep: RunQueryFilter = { id: { eq: 'a' } };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    expect((await refusal({ first: 1, filter: deep })).message).toBe('filter.not.not.not.not.not.not.not.not: filters nest at most 8 levels deep');
    const many = Array.from({ length: 1001 }, (_, i) => `id-${i}`);
    expect((await refusal({ first: 1, filter: { id: { in: many } } })).message).toMatch(/more than 1000 predicates/);
    expect((await refusal({ first: 1, orderBy: [{ field: 'PARAM' }] })).path).toBe('orderBy[0]');
    expect((await refusal({ first: 1, orderBy: [{ field: 'NAME', key: 'x' }] })).message).toBe('orderBy[0]: key is only for METRIC and PARAM');
    expect((await refusal({ first: 1, orderBy: Array.from({ length: 6 }, () => ({ field: 'NAME' as const })) })).message).toBe('orderBy: at most 5 sort keys');
    // Cursors of another order: a key too short, a string where the created time goes.
    expect((await refusal({ first: 1, after: [BASE_TIME, 'a'] })).path).toBe('after');
    expect((await refusal({ first: 1, after: ['2025-06-01', BASE_TIME, 'a'] })).path).toBe('after');
    expect((await refusal({ first: 1, orderBy: [{ field: 'METRIC', key: 'val/auc' }], after: ['high', BASE_TIME, 'a'] })).path).toBe('after');
    await expect(ts.store.runs.query({ first: -1 })).rejects.toThrow('queryRuns: first must be a non-negative integer, got -1');
  });
});
