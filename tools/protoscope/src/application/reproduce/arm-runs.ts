import fs from 'node:fs';
import path from 'node:path';
import { generateDataset } from '@protoscope/datasets';
import type { Evaluation, Run, Store } from '@protoscope/tracking';
import { evaluateWithStore } from '../evaluate/evaluate-run';
import { trainRun } from '../train/train-run';
import type { ArmSpec, DatasetSpec } from './claim';
import { settingHash } from './setting-hash';

/** Every run `protoscope reproduce` trains carries this tag (the claims notebook's runs table lists them). */
export const REPRODUCE_TAG = 'reproduce';
/** The tag that finds a run again: its full setting (method, data, schedule, config, seed) hashed. */
export const runKeyTag = (key: string) => `reproduce-run:${key}`;
export const claimTag = (claimId: string) => `claim:${claimId}`;
/** The name of the evaluation that holds an arm's figures for one run (its evaluation spec hashed with the run's key). */
export const evaluationName = (key: string) => `reproduce:${key}`;

export interface ArmContext {
  store: Store;
  /** The store URL, for the training runs that open it themselves. */
  storeUrl?: string;
  /** Where generated datasets are kept, one folder per dataset spec. */
  dataDir: string;
  log: (message: string) => void;
}

/** The folder of a dataset spec, generated the first time it is asked for. */
export async function ensureDataset(context: ArmContext, spec: DatasetSpec): Promise<string> {
  const folder = path.resolve(context.dataDir, `${spec.generator}-${settingHash(spec)}`);
  if (fs.existsSync(path.join(folder, 'manifest.json'))) return folder;
  context.log(`  generating ${spec.generator} (${spec.n} images, ${spec.size} px, seed ${spec.seed}) into ${folder}`);
  fs.mkdirSync(context.dataDir, { recursive: true });
  const options = Object.fromEntries(Object.entries(spec.options ?? {}));
  await generateDataset(spec.generator, { n: spec.n, seed: spec.seed, size: spec.size, options }, folder);
  return folder;
}

/** The key of one arm's run at one seed; an arm that takes another's run (a teacher) includes that run's key. */
export function armRunKey(arm: ArmSpec, seed: number, dependencyKeys: Readonly<Record<string, string>> = {}): string {
  return settingHash({ method: arm.method, data: arm.data, epochs: arm.epochs, batchSize: arm.batchSize, config: arm.config, dependencies: dependencyKeys, seed });
}

/** A finished run with this key, if the store has one (the newest). */
export async function findArmRun(store: Store, key: string): Promise<Run | undefined> {
  return (await store.runs.list({ tags: [runKeyTag(key)], status: 'finished', limit: 1 }))[0];
}

export async function findArmEvaluation(store: Store, runId: string, key: string): Promise<Evaluation | undefined> {
  const found = await store.evaluations.list(runId, { name: evaluationName(key) });
  return found.at(-1);
}

export interface ArmResult {
  run: Run;
  metrics: Record<string, unknown>;
  /** True when training or evaluation ran now (false: read from the store). */
  computed: boolean;
}

/**
 * One arm at one seed: the finished run with its key, or a new one trained (tagged with the key, the
 * claim and `reproduce`); then its evaluation, or a new one (stored by `evaluate` per suite, and the
 * whole as `reproduce:<key>`).
 */
export async function runArm(
  context: ArmContext,
  options: { claimId: string; armName: string; arm: ArmSpec; seed: number; key: string; config: Record<string, unknown> },
): Promise<ArmResult> {
  const { store } = context;
  const { arm, seed, key } = options;
  let computed = false;
  let run = await findArmRun(store, key);
  if (run) {
    if (!run.tags.includes(claimTag(options.claimId))) run = await store.runs.addTags(run.id, [claimTag(options.claimId)]);
  } else {
    const data = await ensureDataset(context, arm.data);
    context.log(`  training ${arm.method} (${options.armName}), seed ${seed}, ${arm.epochs} epochs`);
    const result = await trainRun({
      method: arm.method,
      methodConfig: options.config,
      data,
      epochs: arm.epochs,
      seed,
      batchSize: arm.batchSize,
      augment: true,
      store: context.storeUrl,
      name: `${arm.method} on ${arm.data.generator}-${settingHash(arm.data).slice(0, 6)}, seed ${seed}`,
      tags: [REPRODUCE_TAG, runKeyTag(key), claimTag(options.claimId)],
    });
    if (result.status !== 'finished') throw new Error(`run ${result.runId} (${arm.method}, seed ${seed}) was ${result.status}`);
    run = await store.runs.get(result.runId);
    computed = true;
  }
  const evaluationKey = settingHash({ run: key, evaluation: arm.evaluation });
  const stored = await findArmEvaluation(store, run.id, evaluationKey);
  if (stored) return { run, metrics: stored.metrics, computed };
  context.log(`  evaluating ${options.armName}, seed ${seed}: ${arm.evaluation.suites.join(', ')}${arm.evaluation.methods ? ` (${arm.evaluation.methods.join(', ')})` : ''}`);
  const result = await evaluateWithStore(store, {
    runId: run.id,
    suites: [...arm.evaluation.suites],
    methods: arm.evaluation.methods ? [...arm.evaluation.methods] : undefined,
    images: { split: arm.evaluation.split },
    limit: arm.evaluation.limit,
    seed,
  });
  await store.evaluations.save(run.id, { name: evaluationName(evaluationKey), split: arm.evaluation.split, step: result.step, metrics: result.metrics });
  return { run, metrics: result.metrics, computed: true };
}
