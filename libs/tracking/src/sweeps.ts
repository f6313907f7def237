/**
 * Hyper-parameter sweeps: what to try (method, dataset, search space, strategy, budget), how far it
 * got (status), and the advance lease that lets exactly one controller at a time decide what a sweep
 * does next, whichever process or host calls it. Trials are runs (sweeps-trials.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { StoreContext } from './context';
import { InvalidInputError, TrackingError } from './errors';
import { decodeJson, encodeJson, toJsonObject, type JsonObject } from './json';
import type { Database } from './schema';
import { SWEEP_STATUSES } from './statuses';
import { gridSize, parseSweepSpace } from './sweeps-space';
import { nonEmptyText, optionalText, parseInput } from './validation';

// The database's CHECKs (migration 0009) keep their own copies of these lists.
export const SWEEP_STRATEGIES = ['grid', 'random', 'asha'] as const;
export const SWEEP_MODES = ['max', 'min'] as const;
export { SWEEP_STATUSES };
export type SweepStrategy = (typeof SWEEP_STRATEGIES)[number];
export type SweepStatus = (typeof SWEEP_STATUSES)[number];
export type SweepMode = (typeof SWEEP_MODES)[number];

/** The row shapes of migration 0009 (the runs table's sweep columns included). */
export interface SweepsTable {
  id: string;
  name: string | null;
  method: string;
  dataset: string;
  strategy: string;
  space: string;
  settings: string;
  budget: number | null;
  max_parallel: number;
  metric: string;
  mode: string;
  seed: number;
  status: string;
  error: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  advance_owner: string | null;
  advance_expires_at: number | null;
  advance_pending: number;
}
export interface SweepRunColumns {
  sweep_id: string | null;
  sweep_trial: number | null;
  sweep_rung: number | null;
}
export type SweepDatabase = Database & { sweeps: SweepsTable; runs: SweepRunColumns };

/** The store's query builder with the sweep tables. */
export function sweepDb(ctx: StoreContext): Kysely<SweepDatabase> {
  return ctx.db.withTables<{ sweeps: SweepsTable; runs: SweepRunColumns }>();
}

/** How each trial trains, and ASHA's rungs. */
export interface SweepSettings {
  /** Epochs of every trial (grid, random); ignored by ASHA, whose trials run rung by rung. */
  epochs: number;
  batchSize?: number;
  size?: number;
  checkpointEvery?: number;
  /** The method config every trial starts from; the space's params are set into it. */
  config: JsonObject;
  /** ASHA: reduction factor η (each rung keeps the best 1/η). */
  eta?: number;
  /** ASHA: epochs of the first rung. */
  minEpochs?: number;
  /** ASHA: epochs of the last rung. */
  maxEpochs?: number;
}

export interface Sweep {
  id: string;
  name: string | null;
  method: string;
  /** The dataset id. */
  dataset: string;
  strategy: SweepStrategy;
  /** The space as given (see sweeps-space.ts). */
  space: JsonObject;
  settings: SweepSettings;
  /** Trials to start (random, ASHA); for a grid, at most this many points (null: all). */
  budget: number | null;
  maxParallel: number;
  /** The metric key trials are compared on (latest value at the end of a trial or rung). */
  metric: string;
  mode: SweepMode;
  seed: number;
  status: SweepStatus;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface CreateSweepInput {
  name?: string | null;
  method: string;
  dataset: string;
  strategy: SweepStrategy;
  space: unknown;
  settings?: Partial<SweepSettings>;
  budget?: number | null;
  maxParallel: number;
  metric?: string;
  mode?: SweepMode;
  seed?: number;
  createdBy?: string | null;
}

/** No sweep with this id in the store. */
export class UnknownSweepError extends TrackingError {
  override name = 'UnknownSweepError';
  constructor(
    readonly sweepId: string,
    storeUrl: string,
  ) {
    super(`no sweep with id "${sweepId}" in store ${storeUrl}; 'protoscope sweep list' shows the sweeps`);
  }
}

export const DEFAULT_SWEEP_METRIC = 'val/auc';
export const DEFAULT_TRIAL_EPOCHS = 10;
export const DEFAULT_ETA = 3;

const positiveInt = z.number().int().positive();
const settingsSchema = z.strictObject({
  epochs: positiveInt.max(10_000).default(DEFAULT_TRIAL_EPOCHS),
  batchSize: positiveInt.optional(),
  size: positiveInt.optional(),
  checkpointEvery: positiveInt.optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  eta: z.number().int().min(2).optional(),
  minEpochs: positiveInt.optional(),
  maxEpochs: positiveInt.max(10_000).optional(),
});
const createSchema = z.object({
  name: optionalText,
  method: nonEmptyText,
  dataset: nonEmptyText,
  strategy: z.enum(SWEEP_STRATEGIES),
  budget: positiveInt.max(100_000).nullable().optional(),
  maxParallel: positiveInt.max(1000),
  metric: nonEmptyText.optional(),
  mode: z.enum(SWEEP_MODES).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  createdBy: optionalText,
});

/** Checks a sweep's definition (also what the graph and the command line check before creating one). */
export function checkSweepInput(input: CreateSweepInput): { parsed: z.output<typeof createSchema>; settings: SweepSettings; space: JsonObject } {
  const parsed = parseInput(createSchema, input, 'createSweep');
  const space = toJsonObject(input.space, 'sweep space');
  parseSweepSpace(space, parsed.strategy);
  const s = parseInput(settingsSchema, input.settings ?? {}, 'createSweep: settings');
  const settings: SweepSettings = { ...s, config: toJsonObject(s.config, 'createSweep: settings.config') };
  if (parsed.strategy === 'asha') {
    settings.eta ??= DEFAULT_ETA;
    settings.minEpochs ??= 1;
    settings.maxEpochs ??= settings.epochs;
    if (settings.maxEpochs < settings.minEpochs) {
      throw new InvalidInputError(`createSweep: ASHA max epochs (${settings.maxEpochs}) are below its min epochs (${settings.minEpochs})`);
    }
  } else if (settings.eta !== undefined || settings.minEpochs !== undefined || settings.maxEpochs !== undefined) {
    throw new InvalidInputError(`createSweep: eta, min and max epochs are ASHA's; strategy ${parsed.strategy} trains every trial for its epochs`);
  }
  if (parsed.strategy !== 'grid' && (parsed.budget === undefined || parsed.budget === null)) {
    throw new InvalidInputError(`createSweep: strategy ${parsed.strategy} needs a budget (the number of trials)`);
  }
  if (parsed.strategy === 'grid' && gridSize(parseSweepSpace(space, 'grid')) > 100_000) {
    throw new InvalidInputError('createSweep: the grid has more than 100000 points; give a budget or fewer values');
  }
  return { parsed, settings, space };
}

export async function createSweep(ctx: StoreContext, input: CreateSweepInput): Promise<Sweep> {
  const { parsed, settings, space } = checkSweepInput(input);
  const now = ctx.now();
  const id = randomUUID();
  await sweepDb(ctx)
    .insertInto('sweeps')
    .values({
      id,
      name: parsed.name ?? null,
      method: parsed.method,
      dataset: parsed.dataset,
      strategy: parsed.strategy,
      space: encodeJson(space),
      settings: encodeJson(settings as unknown as JsonObject),
      budget: parsed.budget ?? null,
      max_parallel: parsed.maxParallel,
      metric: parsed.metric ?? DEFAULT_SWEEP_METRIC,
      mode: parsed.mode ?? 'max',
      seed: parsed.seed ?? 0,
      status: 'running',
      error: null,
      created_by: parsed.createdBy ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
      advance_owner: null,
      advance_expires_at: null,
      advance_pending: 0,
    })
    .execute();
  return getSweep(ctx, id);
}

function toSweep(row: SweepsTable): Sweep {
  return {
    id: row.id,
    name: row.name,
    method: row.method,
    dataset: row.dataset,
    strategy: row.strategy as SweepStrategy,
    space: decodeJson(row.space) as JsonObject,
    settings: decodeJson(row.settings) as unknown as SweepSettings,
    budget: row.budget,
    maxParallel: row.max_parallel,
    metric: row.metric,
    mode: row.mode as SweepMode,
    seed: row.seed,
    status: row.status as SweepStatus,
    error: row.error,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
  };
}

export async function findSweep(ctx: StoreContext, sweepId: string): Promise<Sweep | undefined> {
  const row = await sweepDb(ctx).selectFrom('sweeps').selectAll().where('id', '=', sweepId).executeTakeFirst();
  return row ? toSweep(row) : undefined;
}

export async function getSweep(ctx: StoreContext, sweepId: string): Promise<Sweep> {
  const sweep = await findSweep(ctx, sweepId);
  if (!sweep) throw new UnknownSweepError(sweepId, ctx.displayUrl);
  return sweep;
}

/** Newest first. */
export async function listSweeps(ctx: StoreContext, filter: { status?: SweepStatus; limit?: number } = {}): Promise<Sweep[]> {
  let query = sweepDb(ctx).selectFrom('sweeps').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  return (await query.execute()).map(toSweep);
}

/** Ends a running sweep (`finished`, `failed` or `cancelled`); false when it had already ended. */
export async function endSweep(ctx: StoreContext, sweepId: string, status: Exclude<SweepStatus, 'running'>, error?: string): Promise<boolean> {
  const now = ctx.now();
  const result = await sweepDb(ctx)
    .updateTable('sweeps')
    .set({ status, error: error ?? null, finished_at: now, updated_at: now })
    .where('id', '=', sweepId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) await getSweep(ctx, sweepId);
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the sweep's advance lease for `owner` (one conditional UPDATE: only one caller can win it),
 * or, when someone else holds it, marks the sweep as having news so the holder looks again before
 * letting go. Returns whether `owner` holds it.
 */
export async function claimSweepAdvance(ctx: StoreContext, sweepId: string, owner: string, leaseMs: number): Promise<boolean> {
  const now = ctx.now();
  const db = sweepDb(ctx);
  const won = await db
    .updateTable('sweeps')
    .set({ advance_owner: owner, advance_expires_at: now + leaseMs, advance_pending: 0 })
    .where('id', '=', sweepId)
    .where((eb) => eb.or([eb('advance_expires_at', 'is', null), eb('advance_expires_at', '<', now)]))
    .executeTakeFirst();
  if (Number(won.numUpdatedRows) === 1) return true;
  await db.updateTable('sweeps').set({ advance_pending: 1 }).where('id', '=', sweepId).execute();
  return false;
}

/**
 * Lets go of the lease unless news arrived while it was held: then clears the news and keeps the
 * lease (`again`: the holder advances once more). `lost` when the lease expired and someone else took it.
 */
export async function releaseSweepAdvance(ctx: StoreContext, sweepId: string, owner: string, leaseMs: number): Promise<'released' | 'again' | 'lost'> {
  const db = sweepDb(ctx);
  const released = await db
    .updateTable('sweeps')
    .set({ advance_owner: null, advance_expires_at: null })
    .where('id', '=', sweepId)
    .where('advance_owner', '=', owner)
    .where('advance_pending', '=', 0)
    .executeTakeFirst();
  if (Number(released.numUpdatedRows) === 1) return 'released';
  const kept = await db
    .updateTable('sweeps')
    .set({ advance_pending: 0, advance_expires_at: ctx.now() + leaseMs })
    .where('id', '=', sweepId)
    .where('advance_owner', '=', owner)
    .executeTakeFirst();
  return Number(kept.numUpdatedRows) === 1 ? 'again' : 'lost';
}
