import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { formatCollabLatency, runCollabLatency } from '../bench/collab-latency';
import { formatDecodeReport, runDecodeReport } from '../bench/decode-report';
import { formatEngineReport, runEngineReport } from '../bench/engine-report';
import { formatEventLatency, runEventLatency } from '../bench/event-latency';
import { formatGraphLatency, runGraphLatency } from '../bench/graph-latency';
import { formatGraphScale, runGraphScale } from '../bench/graph-scale';
import { defaultCacheDir } from '../bench/graph-scale-store';
import { formatQueueBench, runQueueBench } from '../bench/queue-throughput';
import type { CommandModule } from './index';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return parsed;
}

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('must be a number ≥ 0');
  return parsed;
}

const COMPARABLE_BACKENDS = ['torch', 'wasm', 'cpu'];

function backendList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !COMPARABLE_BACKENDS.includes(name));
  if (unknown.length) throw new InvalidArgumentError(`unknown backend ${unknown.join(', ')}; choose from ${COMPARABLE_BACKENDS.join(', ')}`);
  return names;
}

/** Writes atomically (temp file + rename) so a reader never sees half a result. */
function writeJsonAtomically(file: string, value: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, file);
}

export const benchCommand: CommandModule = {
  register(program: Command) {
    const bench = program.command('bench').description('Measure speed; results are machine-readable JSON.');
    bench
      .command('engine')
      .description(
        'Train/infer/Grad-CAM speed of the reference workload on the chosen backend, and the same workload in PyTorch when importable.',
      )
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--steps <n>', 'minimum timed steps per measure', positiveInteger, 10)
      .option('--min-seconds <s>', 'minimum seconds per measure', nonNegativeNumber, 3)
      .option('--torch-threads <n>', 'threads for the PyTorch reference', positiveInteger, 2)
      .option('--replicas <n>', 'threads for the data-parallel measurement (1 skips it)', positiveInteger, 2)
      .option('--python <path>', 'Python interpreter with torch (default: PROTOSCOPE_PYTHON, python3, /usr/bin/python3)')
      .option('--no-torch', 'skip the PyTorch reference')
      .option('--backends <list>', 'backends compared side by side besides the chosen one (comma-separated; cpu needs minutes per step)', backendList, ['torch', 'wasm', 'cpu'])
      .option('--rounds <n>', 'paired rounds (ours, then PyTorch) on the chosen backend; ratios are the medians of the rounds', positiveInteger, 3)
      .action(async (options: { json?: boolean; out?: string; steps: number; minSeconds: number; torchThreads: number; replicas: number; python?: string; torch: boolean; backends: string[]; rounds: number }) => {
        const report = await runEngineReport(options);
        if (options.out) writeJsonAtomically(options.out, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatEngineReport(report)}\n`);
      });
    bench
      .command('graph')
      .description('GraphQL request latency (p50, p95) with authentication on: token, session cookie, and a refused anonymous call.')
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--requests <n>', 'timed requests per case', positiveInteger, 300)
      .option('--warmup <n>', 'untimed requests per case first', positiveInteger, 30)
      .option('--runs <n>', 'runs seeded into the store (default 50; 1000 with --scale)', positiveInteger)
      .option('--scale', 'instead: a store of --runs × --metrics × --steps points on SQLite (and --postgres), timing the runs table and page, compareRuns, downsampled histories and a 30-cell notebook\'s first render in Chromium')
      .option('--metrics <n>', 'with --scale: metric keys per run', positiveInteger, 10)
      .option('--steps <n>', 'with --scale: steps per metric', positiveInteger, 1000)
      .option('--postgres <url>', 'with --scale: also on this PostgreSQL server (a schema of its own, dropped after); default PROTOSCOPE_TEST_POSTGRES_URL')
      .option('--cache-dir <dir>', 'with --scale: where the SQLite store is kept and reused, one file per size', defaultCacheDir())
      .option('--renders <n>', 'with --scale: timed first renders of the 30-cell notebook in headless Chromium per store (0 skips the browser)', nonNegativeInteger, 5)
      .option('--passes <n>', 'with --scale: measurements of each store, one after the other', positiveInteger, 1)
      .action(async (options: { json?: boolean; out?: string; requests: number; warmup: number; runs?: number; scale?: boolean; metrics: number; steps: number; postgres?: string; cacheDir: string; renders: number; passes: number }, command: Command) => {
        const explicit = (name: string) => command.getOptionValueSource(name) === 'cli';
        const report = options.scale
          ? await runGraphScale({
              runs: options.runs ?? 1000,
              metrics: options.metrics,
              steps: options.steps,
              requests: explicit('requests') ? options.requests : 50,
              warmup: explicit('warmup') ? options.warmup : 5,
              postgres: options.postgres ?? process.env['PROTOSCOPE_TEST_POSTGRES_URL'],
              cacheDir: options.cacheDir,
              renders: options.renders,
              passes: options.passes,
            })
          : await runGraphLatency({ ...options, runs: options.runs ?? 50 });
        if (options.out) writeJsonAtomically(options.out, report);
        const text = report.kind === 'graph-scale' ? formatGraphScale(report) : formatGraphLatency(report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${text}\n`);
      });
    bench
      .command('collab')
      .description('Live co-editing: edit-to-remote-observe latency (p50, p95) with 10 editors typing into one notebook over /collab.')
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--editors <n>', 'programmatic editors on the notebook', positiveInteger, 10)
      .option('--edits <n>', 'edits per editor', positiveInteger, 50)
      .option('--interval-ms <ms>', 'pause between two edits of one editor', positiveInteger, 50)
      .action(async (options: { json?: boolean; out?: string; editors: number; edits: number; intervalMs: number }) => {
        const report = await runCollabLatency(options);
        if (options.out) writeJsonAtomically(options.out, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatCollabLatency(report)}\n`);
      });
    bench
      .command('events')
      .description('Live events: metric write → subscriber event latency (p50, p95) on PostgreSQL (LISTEN/NOTIFY) and, for comparison, SQLite (polling).')
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--postgres <url>', 'PostgreSQL server to measure on (a schema of its own, dropped after); default PROTOSCOPE_TEST_POSTGRES_URL')
      .option('--events <n>', 'metric writes timed per case', positiveInteger, 200)
      .option('--poll-ms <ms>', "the server's poll interval (the backstop)", positiveInteger, 500)
      .option('--gap-ms <ms>', 'pause between two writes', positiveInteger, 5)
      .action(async (options: { json?: boolean; out?: string; postgres?: string; events: number; pollMs: number; gapMs: number }) => {
        const report = await runEventLatency({ ...options, postgres: options.postgres ?? (process.env.PROTOSCOPE_TEST_POSTGRES_URL || undefined) });
        if (options.out) writeJsonAtomically(options.out, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatEventLatency(report)}\n`);
      });
    bench
      .command('queue')
      .description('The job queue: empty jobs enqueued and taken through an attempt per second (embedded and bullmq, SQLite and PostgreSQL stores), and the cost of fenced result writes.')
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--jobs <n>', 'jobs per case', positiveInteger, 500)
      .option('--writes <n>', 'metric writes per fencing case', positiveInteger, 500)
      .option('--redis <url>', 'Redis for the bullmq cases (a key prefix of its own, removed after); default PROTOSCOPE_QUEUE when it is a redis:// URL')
      .option('--postgres <url>', 'PostgreSQL server for the postgres cases (a schema of its own, dropped after); default PROTOSCOPE_TEST_POSTGRES_URL')
      .action(async (options: { json?: boolean; out?: string; jobs: number; writes: number; redis?: string; postgres?: string }) => {
        const queue = process.env.PROTOSCOPE_QUEUE;
        const report = await runQueueBench({
          ...options,
          redis: options.redis ?? (queue && /^rediss?:\/\//.test(queue) ? queue : undefined),
          postgres: options.postgres ?? (process.env.PROTOSCOPE_TEST_POSTGRES_URL || undefined),
        });
        if (options.out) writeJsonAtomically(options.out, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatQueueBench(report)}\n`);
      });
    bench
      .command('decode')
      .description('DICOM decode throughput (images/s) of 512×512 16-bit JPEG 2000 and JPEG Lossless: cold, batch loader with its decode cache, import check.')
      .option('--json', 'print one JSON object on stdout instead of a table')
      .option('--out <file>', 'also write the JSON report to this file')
      .option('--images <n>', 'images per transfer syntax', positiveInteger, 12)
      .option('--loader-size <px>', "the batch loader's output size", positiveInteger, 224)
      .action(async (options: { json?: boolean; out?: string; images: number; loaderSize: number }) => {
        const report = await runDecodeReport(options);
        if (options.out) writeJsonAtomically(options.out, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatDecodeReport(report)}\n`);
      });
  },
};
