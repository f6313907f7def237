import { randomUUID } from 'node:crypto';
import { parseSweepSpace, type JsonObject, type JsonValue, type Sweep, type SweepSummary } from '@protoscope/tracking';
import { enqueueTrial, sweepQueue, type SweepQueueDeps } from './enqueue-trial';
import { SWEEP_STRATEGY_REGISTRY } from './strategies';

/** How long one controller may hold a sweep before another may take it over (a crashed controller). */
export const SWEEP_ADVANCE_LEASE_MS = 60_000;

export interface AdvanceDeps extends SweepQueueDeps {
  log?: (line: string) => void;
  /** Who advances (for the lease); default a fresh id. */
  owner?: string;
}

export interface AdvanceResult {
  /** False when another controller held the sweep (it will look again before letting go). */
  advanced: boolean;
  started: number[];
  promoted: number[];
  /** Trials whose run had no job (a controller died between the two) and got one. */
  repaired: number[];
  status: Sweep['status'];
}

/** Sets `value` at a dotted `key` of a copy of `config`, creating objects on the way. */
export function setAtKey(config: JsonObject, key: string, value: JsonValue): JsonObject {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) return { ...config, [head]: value };
  const inner = config[head];
  const child = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? inner : {};
  return { ...config, [head]: setAtKey(child, rest.join('.'), value) };
}

/** The run config of a new trial: `{method, training}` as `protoscope train` records it. */
export function trialRunConfig(sweep: Sweep, params: JsonObject, epochs: number): { method: JsonObject; training: JsonObject } {
  let method = sweep.settings.config;
  for (const [key, value] of Object.entries(params)) method = setAtKey(method, key, value);
  const training: JsonObject = { data: sweep.dataset, epochs, seed: sweep.seed, batchSize: sweep.settings.batchSize ?? 32, augment: true, recalibrateNormalisation: true };
  if (sweep.settings.size !== undefined) training.size = sweep.settings.size;
  if (sweep.settings.checkpointEvery !== undefined) training.checkpointEvery = sweep.settings.checkpointEvery;
  return { method, training };
}

/**
 * One step of a sweep's controller: fills free slots (max-parallel minus trials queued or running)
 * with promotions, then new trials; ends the sweep when nothing is left to run. Safe to call from any
 * number of processes at once and again after a crash: the sweep's advance lease lets one caller act
 * at a time (the others flag news, and the holder looks again before letting go), trials are created
 * under a unique (sweep, trial) key and promoted by a conditional update, so nothing is queued twice.
 */
export async function advanceSweep(deps: AdvanceDeps, sweepId: string): Promise<AdvanceResult> {
  const { store } = deps;
  const owner = deps.owner ?? `advance-${randomUUID()}`;
  const result: AdvanceResult = { advanced: false, started: [], promoted: [], repaired: [], status: (await store.sweeps.get(sweepId)).status };
  if (!(await store.sweeps.claimAdvance(sweepId, owner, SWEEP_ADVANCE_LEASE_MS))) return result;
  result.advanced = true;
  try {
    for (;;) {
      result.status = await advanceOnce(deps, sweepId, result);
      const released = await store.sweeps.releaseAdvance(sweepId, owner, SWEEP_ADVANCE_LEASE_MS);
      if (released !== 'again') return result;
    }
  } catch (error) {
    await store.sweeps.releaseAdvance(sweepId, owner, SWEEP_ADVANCE_LEASE_MS).catch(() => undefined);
    throw error;
  }
}

async function advanceOnce(deps: AdvanceDeps, sweepId: string, result: AdvanceResult): Promise<Sweep['status']> {
  const { store } = deps;
  const summary = await store.sweeps.summary(sweepId);
  const { sweep } = summary;
  if (sweep.status === 'cancelled') {
    await stopTrials(deps, summary);
    return sweep.status;
  }
  if (sweep.status !== 'running') return sweep.status;
  const strategy = SWEEP_STRATEGY_REGISTRY[sweep.strategy];
  const space = parseSweepSpace(sweep.space, sweep.strategy);

  // A trial whose run exists but whose job was never queued: its controller died in between.
  for (const t of summary.trials) {
    if (t.jobId !== null) continue;
    const raw = await store.runs.get(t.runId);
    if (raw.status === 'queued') {
      await enqueueTrial(deps, { sweep, runId: t.runId, trial: t.trial, rung: t.rung, epochs: t.epochs, config: raw.config.method as JsonObject });
      result.repaired.push(t.trial);
    }
  }

  let free = sweep.maxParallel - summary.progress.queued - summary.progress.running;
  const promotedNow = new Set<number>();
  let next = summary.trials.reduce((n, t) => Math.max(n, t.trial + 1), 0);
  const total = strategy.totalTrials(sweep, space);
  while (free > 0) {
    const promotion = strategy.promotion?.(summary, promotedNow);
    if (promotion) {
      promotedNow.add(promotion.trial);
      const trial = summary.trials.find((t) => t.trial === promotion.trial)!;
      if (await store.sweeps.promoteTrial(sweep.id, promotion.trial, promotion.fromRung, promotion.toRung, promotion.epochs)) {
        const run = await store.runs.get(trial.runId);
        await enqueueTrial(deps, { sweep, runId: trial.runId, trial: trial.trial, rung: promotion.toRung, epochs: promotion.epochs, config: run.config.method as JsonObject });
        result.promoted.push(promotion.trial);
        deps.log?.(`sweep ${sweep.id}: trial ${promotion.trial} continues to rung ${promotion.toRung} (${promotion.epochs} epochs)`);
        free--;
      }
      continue;
    }
    if (next >= total) break;
    const params = strategy.trialParams(sweep, space, next);
    const epochs = strategy.firstEpochs(sweep);
    const config = trialRunConfig(sweep, params, epochs);
    const runId = await store.sweeps.addTrial(sweep.id, {
      trial: next,
      rung: 0,
      name: `${sweep.name ?? `sweep ${sweep.id.slice(0, 8)}`} #${next}`,
      config,
      seed: sweep.seed,
      tags: [`sweep:${sweep.id}`],
    });
    if (runId) {
      await enqueueTrial(deps, { sweep, runId, trial: next, rung: 0, epochs, config: config.method });
      result.started.push(next);
      deps.log?.(`sweep ${sweep.id}: trial ${next} queued (${JSON.stringify(params)})`);
      free--;
    }
    next++;
  }

  const active = summary.progress.queued + summary.progress.running + result.started.length + result.promoted.length + result.repaired.length;
  if (active === 0 && next >= total) {
    const finished = summary.trials.filter((t) => t.state === 'done' || t.state === 'stopped').length;
    const status = finished === 0 && summary.trials.length > 0 ? 'failed' : 'finished';
    await store.sweeps.end(sweep.id, status, status === 'failed' ? 'every trial failed' : undefined);
    deps.log?.(`sweep ${sweep.id}: ${status}${summary.best ? `; best trial ${summary.best.trial} (${sweep.metric} ${summary.best.value})` : ''}`);
    return status;
  }
  return 'running';
}

/** A cancelled sweep's unfinished trials: their jobs are cancelled (a running one stops at its next heartbeat). */
async function stopTrials(deps: AdvanceDeps, summary: SweepSummary): Promise<void> {
  for (const t of summary.trials) {
    if (t.jobId !== null && (t.state === 'queued' || t.state === 'running')) {
      await sweepQueue(deps).cancel(t.jobId).catch(() => undefined);
    } else if (t.jobId === null && t.state === 'queued') {
      await deps.store.runs.updateStatus(t.runId, 'cancelled', { error: 'sweep cancelled' });
    }
  }
}
