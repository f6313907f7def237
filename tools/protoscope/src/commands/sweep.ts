import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { methodIds } from '@protoscope/core-models';
import { DEFAULT_SWEEP_METRIC, openJobBackend, SWEEP_MODES, SWEEP_STRATEGIES, type Store, type SweepMode, type SweepStrategy, type SweepSummary } from '@protoscope/tracking';
import { registerDatasetFolder } from '../application/worker/dataset-folders';
import { startSweep } from '../application/sweep/start-sweep';
import { readSpaceFile } from '../application/sweep/space-file';
import { UserFacingError } from '../user-facing-error';
import { nonNegativeInteger, positiveInteger } from './arguments';
import type { CommandModule } from './index';
import { formatTable } from './table';
import { methodConfig } from './train';
import { withUserErrors } from '../library-errors';
import { withStore } from './user';

interface CreateFlags {
  method: string;
  data: string;
  space: string;
  strategy: string;
  maxParallel: number;
  budget?: number;
  metric: string;
  mode: string;
  seed: number;
  epochs?: number;
  batchSize?: number;
  size?: number;
  config: object;
  checkpointEvery?: number;
  eta?: number;
  minEpochs?: number;
  maxEpochs?: number;
  name?: string;
  wait?: boolean;
  store?: string;
  queue?: string;
  json?: boolean;
}

function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`${flag} must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/** A dataset folder is registered under its manifest id; anything else must be a registered id. */
async function datasetId(store: Store, data: string): Promise<string> {
  if (fs.existsSync(path.join(data, 'manifest.json'))) return (await registerDatasetFolder(store, path.resolve(data))).id;
  const registered = await store.datasets.find(data);
  if (!registered) throw new UserFacingError(`--data ${data}: neither a dataset folder (no manifest.json) nor the id of a dataset in ${store.url}`);
  return registered.id;
}

function summaryJson(s: SweepSummary) {
  const { sweep } = s;
  return {
    id: sweep.id,
    name: sweep.name,
    status: sweep.status,
    strategy: sweep.strategy,
    method: sweep.method,
    dataset: sweep.dataset,
    metric: sweep.metric,
    mode: sweep.mode,
    maxParallel: sweep.maxParallel,
    budget: sweep.budget,
    rungs: s.rungs,
    progress: s.progress,
    best: s.best && { trial: s.best.trial, runId: s.best.runId, value: s.best.value, rung: s.best.rung, params: s.best.params },
    trials: s.trials.map((t) => ({ trial: t.trial, runId: t.runId, state: t.state, rung: t.rung, epochs: t.epochs, params: t.params, value: t.value, rungValues: t.rungValues })),
  };
}

const formatValue = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v));

function printSummary(s: SweepSummary): void {
  const { sweep, progress } = s;
  const keys = Object.keys(sweep.space);
  process.stdout.write(
    `sweep ${sweep.id}${sweep.name ? ` (${sweep.name})` : ''}: ${sweep.status}; ${sweep.strategy} over ${keys.join(', ')}; ${sweep.method} on ${sweep.dataset}\n` +
      `trials: ${progress.done} done, ${progress.running} running, ${progress.queued} queued, ${progress.stopped} stopped, ${progress.failed} failed\n`,
  );
  if (s.trials.length > 0) {
    const rows = s.trials.map((t) => [String(t.trial), t.state, `${t.rung} (${t.epochs} ep)`, ...keys.map((k) => formatValue(t.params[k])), t.value === null ? '' : formatValue(t.value), t.runId]);
    process.stdout.write(formatTable(['trial', 'state', 'rung', ...keys, sweep.metric, 'run'], rows));
  }
  process.stdout.write(s.best ? `best: trial ${s.best.trial}, ${sweep.metric} ${formatValue(s.best.value)} (run ${s.best.runId})\n` : 'best: none yet\n');
}

/**
 * `protoscope sweep create|list|show|cancel`: hyper-parameter sweeps whose trials are training jobs
 * run by the workers (docs/sweeps.md).
 */
export const sweepCommand: CommandModule = {
  register(program: Command) {
    const sweep = program.command('sweep').description('Hyper-parameter sweeps: trials are runs trained by the workers (grid, random, ASHA).');
    const storeOption = ['--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME)'] as const;

    sweep
      .command('create')
      .description('Create a sweep and queue its first trials; workers (protoscope worker, start, serve --workers) train them.')
      .requiredOption('--method <method>', `the method every trial trains (${methodIds().join(', ')})`)
      .requiredOption('--data <dir|id>', 'a dataset folder or the id of a registered dataset')
      .requiredOption('--space <file>', 'the search space: JSON, or YAML (.yaml/.yml); see docs/sweeps.md')
      .requiredOption('--strategy <strategy>', SWEEP_STRATEGIES.join(' | '), oneOf('--strategy', SWEEP_STRATEGIES))
      .requiredOption('--max-parallel <n>', 'trials queued or training at once', positiveInteger)
      .option('--budget <n>', 'random, asha: how many trials to start (required); grid: at most this many points (default all)', positiveInteger)
      .option('--metric <key>', 'the metric trials are compared on', DEFAULT_SWEEP_METRIC)
      .option('--mode <mode>', 'max or min: which way is better', oneOf('--mode', SWEEP_MODES), 'max')
      .option('--seed <n>', 'seed of the random draws and of every trial', nonNegativeInteger, 0)
      .option('--epochs <n>', 'grid, random: epochs of every trial (default 10)', positiveInteger)
      .option('--eta <n>', 'asha: reduction factor η, each rung keeps the best 1/η (default 3)', positiveInteger)
      .option('--min-epochs <n>', 'asha: epochs of the first rung (default 1)', positiveInteger)
      .option('--max-epochs <n>', 'asha: epochs of the last rung (default --epochs, else 10)', positiveInteger)
      .option('--config <json|file>', 'the method config every trial starts from (the space sets its params into it)', methodConfig, {})
      .option('--batch-size <n>', 'batch size of every trial (default 32)', positiveInteger)
      .option('--size <px>', 'image size of every trial', positiveInteger)
      .option('--checkpoint-every <n>', 'also checkpoint every N steps', positiveInteger)
      .option('--name <name>', 'a name for the sweep (trial runs are named "<name> #<trial>")')
      .option('--wait', 'wait until the sweep ends, printing progress to stderr')
      .option('--json', 'print the sweep as JSON (the last stdout line)')
      .option(...storeOption)
      .option('--queue <url>', 'the job queue: embedded (in the store) or redis://HOST:PORT for BullMQ (default: PROTOSCOPE_QUEUE, else embedded)')
      .action(async (flags: CreateFlags) => {
        if (!methodIds().includes(flags.method)) throw new UserFacingError(`--method ${flags.method}: unknown method (use: ${methodIds().join(', ')})`);
        const strategy = flags.strategy as SweepStrategy;
        if (strategy !== 'asha' && (flags.eta !== undefined || flags.minEpochs !== undefined || flags.maxEpochs !== undefined)) {
          throw new UserFacingError(`--eta, --min-epochs and --max-epochs are for --strategy asha, not ${strategy}`);
        }
        if (strategy === 'asha' && flags.eta !== undefined && flags.eta < 2) throw new UserFacingError('--eta must be at least 2');
        if (strategy !== 'grid' && flags.budget === undefined) throw new UserFacingError(`--strategy ${strategy} needs --budget N: the number of trials to start`);
        const space = readSpaceFile(flags.space);
        await withStore(flags.store, async (store) => {
          const dataset = await datasetId(store, flags.data);
          const jobs = await openJobBackend(store, { queue: flags.queue });
          const started = await withUserErrors(() => startSweep(store, {
            name: flags.name ?? null,
            method: flags.method,
            dataset,
            strategy,
            space,
            budget: flags.budget ?? null,
            maxParallel: flags.maxParallel,
            metric: flags.metric,
            mode: flags.mode as SweepMode,
            seed: flags.seed,
            settings: {
              ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
              ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
              ...(flags.size !== undefined ? { size: flags.size } : {}),
              ...(flags.checkpointEvery !== undefined ? { checkpointEvery: flags.checkpointEvery } : {}),
              ...(strategy === 'asha' ? { eta: flags.eta, minEpochs: flags.minEpochs, maxEpochs: flags.maxEpochs ?? flags.epochs } : {}),
              config: flags.config as Record<string, never>,
            },
          }, undefined, jobs)).finally(() => jobs.close());
          const { sweep: created, first } = started;
          process.stderr.write(`sweep ${created.id}: ${first.started.length} trial${first.started.length === 1 ? '' : 's'} queued; workers train them\n`);
          let summary = await store.sweeps.summary(created.id);
          if (flags.wait) {
            let last = '';
            while (summary.sweep.status === 'running') {
              const line = `sweep ${created.id}: ${summary.progress.done} done, ${summary.progress.running} running, ${summary.progress.queued} queued, ${summary.progress.stopped} stopped, ${summary.progress.failed} failed\n`;
              if (line !== last) process.stderr.write(line);
              last = line;
              await new Promise((resolve) => setTimeout(resolve, 2000));
              summary = await store.sweeps.summary(created.id);
            }
          }
          if (flags.json) process.stdout.write(`${JSON.stringify(summaryJson(summary))}\n`);
          else printSummary(summary);
        });
      });

    sweep
      .command('list')
      .description('List the sweeps, newest first.')
      .option('--json', 'print JSON')
      .option(...storeOption)
      .action(async (flags: { store?: string; json?: boolean }) => {
        await withStore(flags.store, async (store) => {
          const summaries = await Promise.all((await store.sweeps.list()).map((s) => store.sweeps.summary(s.id)));
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(summaries.map((s) => ({ ...summaryJson(s), trials: undefined })))}\n`);
            return;
          }
          const rows = summaries.map(({ sweep: s, progress: p, best }) => [
            s.id,
            s.name ?? '',
            s.status,
            s.strategy,
            s.method,
            s.dataset,
            `${p.done}/${p.running}/${p.queued}/${p.stopped}/${p.failed}`,
            best ? `${formatValue(best.value)} (#${best.trial})` : '',
          ]);
          process.stdout.write(rows.length === 0 ? 'no sweeps\n' : formatTable(['id', 'name', 'status', 'strategy', 'method', 'dataset', 'done/running/queued/stopped/failed', 'best'], rows));
        });
      });

    sweep
      .command('show')
      .description('A sweep: its trials (state, rung, params, metric) and its best trial.')
      .argument('<id>', 'the sweep id')
      .option('--json', 'print JSON')
      .option(...storeOption)
      .action(async (id: string, flags: { store?: string; json?: boolean }) => {
        await withStore(flags.store, async (store) => {
          const summary = await store.sweeps.summary(id);
          if (flags.json) process.stdout.write(`${JSON.stringify(summaryJson(summary))}\n`);
          else printSummary(summary);
        });
      });

    sweep
      .command('cancel')
      .description('Cancel a sweep: no new trials; queued and running trial jobs are cancelled (training stops at a checkpoint).')
      .argument('<id>', 'the sweep id')
      .option('--queue <url>', 'the job queue: embedded (in the store) or redis://HOST:PORT for BullMQ (default: PROTOSCOPE_QUEUE, else embedded)')
      .option(...storeOption)
      .action(async (id: string, flags: { store?: string; queue?: string }) => {
        await withStore(flags.store, async (store) => {
          // Through the job queue first (a queued trial leaves BullMQ too), then the sweep ends.
          if ((await store.sweeps.get(id)).status === 'running') {
            const jobs = await openJobBackend(store, { queue: flags.queue });
            try {
              for (const t of await store.sweeps.trials(id)) {
                if (t.jobId !== null && (t.jobStatus === 'queued' || t.jobStatus === 'running')) await jobs.cancel(t.jobId);
              }
            } finally {
              await jobs.close();
            }
          }
          const cancelled = await store.sweeps.cancel(id);
          const { sweep: s } = await store.sweeps.summary(id);
          process.stdout.write(cancelled ? `sweep ${id} cancelled\n` : `sweep ${id} had already ended (${s.status})\n`);
        });
      });
  },
};

