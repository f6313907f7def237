import { methodIds } from '@protoscope/core-models';
import type { Run } from '@protoscope/tracking';
import { armRunKey, findArmEvaluation, findArmRun, runArm, type ArmContext } from './arm-runs';
import type { ArmSpec, Claim, ClaimSetting, ComparisonSpec, FigureSpec, Scale } from './claim';
import { pointInterval, seedInterval, type SeedInterval } from './seed-interval';
import { settingHash } from './setting-hash';
import { claimVerdict, verdictOf, type ComparisonDirection, type Verdict } from './verdict';

export interface FigureResult {
  label: string;
  interval: SeedInterval;
  /** The runs the figure came from, in seed order (none for a fixed target). */
  runs: Array<{ id: string; seed: number }>;
}

export interface ComparisonResult {
  measure: string;
  a: FigureResult;
  b: FigureResult;
  direction: ComparisonDirection;
  margin: number;
  verdict: Verdict;
}

export interface ClaimResult {
  claim: Claim;
  scale: Scale;
  setting: ClaimSetting;
  /** Claim id + this hash keys the claim: the same setting and seeds give the same key. */
  settingKey: string;
  seeds: number[];
  comparisons: ComparisonResult[];
  verdict: Verdict;
  /** Why there are no figures (a method not registered, a failed run). */
  unavailable?: string;
  /** Every run of the claim (all arms, all seeds). */
  runs: Run[];
  /** Whether anything was trained or evaluated now; false when every run and evaluation was in the store. */
  computed: boolean;
  wallSeconds: number;
  /** CPU seconds of this process during the claim (user + system): a load-independent measure of its cost. */
  cpuSeconds: number;
}

/** The key of a claim's setting: its arms (data, methods, schedules, configs, evaluations), comparisons and seeds. */
export function claimSettingKey(claim: Claim, setting: ClaimSetting, seeds: readonly number[]): string {
  const comparisons = setting.comparisons.map((c) => ({ measure: c.measure, a: c.a.label, b: c.b.label, direction: c.direction, margin: c.margin ?? 0 }));
  return settingHash({ id: claim.id, arms: setting.arms, comparisons, seeds });
}

/** Arms in an order where every arm comes after the arms whose runs it takes (a teacher before its students). */
export function armOrder(arms: Readonly<Record<string, ArmSpec>>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`arms depend on each other in a cycle through '${name}'`);
    const arm = arms[name];
    if (!arm) throw new Error(`no arm '${name}' (named by another arm's runOf)`);
    visiting.add(name);
    for (const dependency of Object.values(arm.runOf ?? {})) visit(dependency);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of Object.keys(arms)) visit(name);
  return order;
}

/** Methods the setting trains that the method registry does not have (a method still being written). */
export function missingMethods(setting: ClaimSetting): string[] {
  const known = new Set(methodIds());
  return [...new Set(Object.values(setting.arms).map((a) => a.method))].filter((m) => !known.has(m));
}

interface ArmSeedResult {
  run: Run;
  metrics: Record<string, unknown>;
}

/** Trains and evaluates what is missing (or only reads, `readOnly`), arm by arm and seed by seed. */
async function armResults(
  context: ArmContext,
  claim: Claim,
  setting: ClaimSetting,
  seeds: readonly number[],
  readOnly: boolean,
): Promise<{ results: Map<string, ArmSeedResult[]>; computed: boolean } | undefined> {
  const results = new Map<string, ArmSeedResult[]>();
  const keys = new Map<string, string[]>();
  let computed = false;
  for (const name of armOrder(setting.arms)) {
    const arm = setting.arms[name]!;
    const perSeed: ArmSeedResult[] = [];
    const perSeedKeys: string[] = [];
    for (const [index, seed] of seeds.entries()) {
      const dependencies = Object.fromEntries(Object.entries(arm.runOf ?? {}).map(([configKey, armName]) => [configKey, keys.get(armName)![index]!]));
      const key = armRunKey(arm, seed, dependencies);
      perSeedKeys.push(key);
      if (readOnly) {
        const run = await findArmRun(context.store, key);
        const evaluation = run && (await findArmEvaluation(context.store, run.id, settingHash({ run: key, evaluation: arm.evaluation })));
        if (!run || !evaluation) return undefined;
        perSeed.push({ run, metrics: evaluation.metrics });
        continue;
      }
      const config: Record<string, unknown> = { ...arm.config };
      for (const [configKey, armName] of Object.entries(arm.runOf ?? {})) config[configKey] = results.get(armName)![index]!.run.id;
      const result = await runArm(context, { claimId: claim.id, armName: name, arm, seed, key, config });
      computed ||= result.computed;
      perSeed.push(result);
    }
    results.set(name, perSeed);
    keys.set(name, perSeedKeys);
  }
  return { results, computed };
}

function figure(spec: FigureSpec, results: Map<string, ArmSeedResult[]>, seeds: readonly number[]): FigureResult {
  if ('target' in spec) return { label: spec.label, interval: pointInterval(spec.target), runs: [] };
  const perSeed = results.get(spec.arm);
  if (!perSeed) throw new Error(`a comparison reads arm '${spec.arm}', which the setting does not have`);
  const values = perSeed.map(({ run, metrics }) => {
    const value = spec.read(metrics);
    if (value === null) throw new Error(`${spec.label}: the evaluation of run ${run.id} has no such figure`);
    return value;
  });
  return { label: spec.label, interval: seedInterval(values), runs: perSeed.map(({ run }, i) => ({ id: run.id, seed: seeds[i]! })) };
}

function compare(spec: ComparisonSpec, results: Map<string, ArmSeedResult[]>, seeds: readonly number[]): ComparisonResult {
  const a = figure(spec.a, results, seeds);
  const b = figure(spec.b, results, seeds);
  const margin = spec.margin ?? 0;
  return { measure: spec.measure, a, b, direction: spec.direction, margin, verdict: verdictOf(a.interval, b.interval, spec.direction, margin) };
}

export interface ClaimRunOptions {
  scale: Scale;
  seeds: readonly number[];
  /** Only read the store; undefined result when something is missing. */
  readOnly?: boolean;
}

/**
 * One claim end to end: its setting at the scale, its runs and evaluations (from the store when
 * complete there), its figures with their intervals over seeds, the comparisons and the verdicts.
 * A claim whose method is not registered, or whose run fails, is reported `not available` with why.
 */
export async function reproduceClaim(context: ArmContext, claim: Claim, options: ClaimRunOptions): Promise<ClaimResult | undefined> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const setting = claim.setting(options.scale);
  const seeds = [...options.seeds];
  const settingKey = claimSettingKey(claim, setting, seeds);
  const base = { claim, scale: options.scale, setting, settingKey, seeds };
  const finish = (rest: Omit<ClaimResult, keyof typeof base | 'wallSeconds' | 'cpuSeconds'>): ClaimResult => {
    const used = process.cpuUsage(cpu);
    return { ...base, ...rest, wallSeconds: (Date.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  const missing = missingMethods(setting);
  if (missing.length > 0) {
    const unavailable = `method${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} not registered in this build`;
    return finish({ comparisons: [], verdict: 'not available', unavailable, runs: [], computed: false });
  }
  let outcome;
  try {
    outcome = await armResults(context, claim, setting, seeds, options.readOnly ?? false);
  } catch (error) {
    if (options.readOnly) throw error;
    const unavailable = `failed: ${error instanceof Error ? error.message : String(error)}`;
    return finish({ comparisons: [], verdict: 'not available', unavailable, runs: [], computed: true });
  }
  if (!outcome) return undefined;
  const runs = [...outcome.results.values()].flatMap((perSeed) => perSeed.map((r) => r.run));
  const uniqueRuns = [...new Map(runs.map((r) => [r.id, r])).values()];
  try {
    const comparisons = setting.comparisons.map((spec) => compare(spec, outcome.results, seeds));
    return finish({ comparisons, verdict: claimVerdict(comparisons.map((c) => c.verdict)), runs: uniqueRuns, computed: outcome.computed });
  } catch (error) {
    return finish({ comparisons: [], verdict: 'not available', unavailable: `failed: ${(error as Error).message}`, runs: uniqueRuns, computed: outcome.computed });
  }
}
