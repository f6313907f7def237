import fs from 'node:fs';
import path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { METHODS } from '@protoscope/core-models';
import { assertStoreExists, openStore, type Store } from '@protoscope/tracking';
import { loadRun, type CheckpointChoice } from '../runs/load-run';
import { assertSameLabelSpace } from '../runs/same-label-space';
import { selectedImageSet, type ImageSelection } from '../runs/select-images';
import { UserFacingError } from '../../user-facing-error';
import { EvaluationContext } from './evaluation-context';
import { EVALUATION_SUITES, suiteIds } from './suite-registry';

export interface EvaluateRunOptions {
  runId: string;
  suites: string[];
  store?: string;
  /** Another dataset folder with the run's class names (a held-out test set). */
  data?: string;
  /** Default: `split:val` of the run's data; all images of `data` when given. */
  images?: ImageSelection;
  limit?: number;
  checkpoint?: CheckpointChoice;
  /** Explanation methods the localisation and faithfulness suites score (default: gradcam, and prototypes for prototype models). */
  methods?: string[];
  /** Write per-image scores (id, label, score) here. */
  predictionsCsv?: string;
  seed?: number;
  batchSize?: number;
  log?: (message: string) => void;
}

export interface EvaluateRunResult {
  runId: string;
  step: number;
  data: string;
  images: number;
  /** Metric name → value (the `--json` object's keys). */
  metrics: Record<string, unknown>;
  /** Per suite: printed rows. */
  tables: Array<{ suite: string; rows: Array<[string, string]> }>;
  notes: string[];
}

/** Suites that score two-view runs (on pair examples); the others take single images. */
const PAIR_SUITES = ['classification', 'localisation'];

function splitLabel(selection: ImageSelection): string {
  return 'split' in selection ? selection.split : 'all' in selection ? 'all' : 'ids';
}

/**
 * The name the predictions are stored under: the split; `@<folder>` for another dataset; and `[limit=N]`
 * for a limited run, so a quick `--limit` check never replaces the predictions of the whole split.
 */
export function predictionSetName(split: string, otherData: string | undefined, limit: number | undefined): string {
  const onData = otherData ? `${split}@${path.basename(path.resolve(otherData))}` : split;
  return limit === undefined ? onData : `${onData}[limit=${limit}]`;
}

/** One CSV field, quoted when it holds a separator, quote or newline. */
const csvField = (value: string | number) => (typeof value === 'string' && /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : String(value));

export async function evaluateWithStore(store: Store, options: EvaluateRunOptions): Promise<EvaluateRunResult> {
  const unknown = options.suites.filter((s) => !suiteIds.includes(s));
  if (unknown.length) throw new UserFacingError(`unknown suite${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (use: ${suiteIds.join(', ')})`);
  const log = options.log ?? (() => undefined);
  const loaded = await loadRun(store, options.runId, options.checkpoint ?? 'latest');
  try {
    const data = options.data ?? loaded.settings.data;
    if (options.data) assertSameLabelSpace(options.data, loaded.classes, 'evaluate');
    const selection = options.images ?? (options.data ? { all: true as const } : { split: 'val' });
    const inputs = METHODS[loaded.run.method]?.inputs;
    const unpairable = options.suites.filter((suite) => !PAIR_SUITES.includes(suite));
    if (inputs === 'view-pair' && unpairable.length) {
      throw new UserFacingError(`suite${unpairable.length > 1 ? 's' : ''} ${unpairable.join(', ')} cannot score a two-view run (${loaded.run.method}) yet; use ${PAIR_SUITES.join(', ')}`);
    }
    const images = selectedImageSet({ data, selection, limit: options.limit, size: loaded.inputShape[0], channels: loaded.inputShape[2] as 1 | 3, batchSize: options.batchSize ?? 16, inputs });
    const methods = options.methods ?? ['gradcam', ...(loaded.model.explain?.prototypes ? ['prototypes'] : [])];
    const split = splitLabel(selection);
    const context = new EvaluationContext(store, loaded, images, methods, split, options.seed ?? 0, log);
    const metrics: Record<string, unknown> = {};
    const tables: EvaluateRunResult['tables'] = [];
    const notes: string[] = [];
    for (const suite of EVALUATION_SUITES.filter((s) => options.suites.includes(s.id))) {
      log(`${suite.id}…`);
      const result = await suite.run(context);
      Object.assign(metrics, result.metrics);
      tables.push({ suite: suite.id, rows: result.rows });
      notes.push(...(result.notes ?? []));
      if (Object.keys(result.metrics).length > 0) {
        await store.evaluations.save(loaded.run.id, { name: suite.id, split, step: loaded.checkpoint.step, metrics: { ...result.metrics, data, images: images.items.length } });
      }
    }
    const { probabilities, predicted } = context.predictions;
    await store.predictions.save(
      loaded.run.id,
      { split: predictionSetName(split, options.data, options.limit), step: loaded.checkpoint.step },
      images.items.map((item, i) => ({ imageId: item.id, label: item.label, predicted: predicted[i]!, scores: probabilities[i]! })),
    );
    if (options.predictionsCsv) writePredictionsCsv(options.predictionsCsv, context);
    return { runId: loaded.run.id, step: loaded.checkpoint.step, data, images: images.items.length, metrics, tables, notes };
  } finally {
    loaded.model.dispose();
  }
}

/**
 * id,label,score (label = class index; score = the positive class's probability for a binary task,
 * else the true class's), then each class's probability.
 */
function writePredictionsCsv(file: string, context: EvaluationContext): void {
  const { classes } = context.loaded;
  const { probabilities } = context.predictions;
  const header = ['id', 'label', 'score', ...classes.map((c) => `p_${c}`)];
  const lines = context.images.items.map((item, i) => {
    const row = probabilities[i]!;
    const score = classes.length === 2 ? row[1]! : row[item.label]!;
    return [item.id, item.label, score, ...row].map(csvField).join(',');
  });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, [header.join(','), ...lines].join('\n') + '\n');
  fs.renameSync(temporary, file);
}

/** `protoscope evaluate`: the chosen metric suites on a trained run, stored as evaluations of the run. */
export async function evaluateRun(options: EvaluateRunOptions): Promise<EvaluateRunResult> {
  await initEngine();
  // It reads a run: a store that does not exist is an error, not a new empty store.
  assertStoreExists(options.store);
  const store = await openStore(options.store);
  try {
    return await evaluateWithStore(store, options);
  } finally {
    await store.close();
  }
}
