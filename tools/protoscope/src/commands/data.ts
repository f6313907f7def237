import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import {
  DATASET_GENERATORS,
  DATASET_READERS,
  DatasetError,
  ImportFailedError,
  formatDatasetSummary,
  generateDataset,
  importDataset,
  openDataset,
  summariseDataset,
} from '@protoscope/datasets';
import { UserFacingError } from '../user-facing-error';
import type { CommandModule } from './index';

/** A progress bar on stderr, shown only for long jobs on a terminal; phases restart the bar. */
function progressReporter(): { update: (phase: string, done: number, total: number) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  let current = '';
  return {
    update(phase, done, total) {
      if (!process.stderr.isTTY || total < 1) return;
      if (phase !== current) {
        bar?.stop();
        bar = new SingleBar({ format: `${phase} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: false });
        bar.start(total, done);
        current = phase;
      } else bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Library errors about the user's input become UserFacingError (printed without a stack trace). */
async function asUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImportFailedError && error.problems.length > 1) {
      const list = error.problems.slice(0, 20).map((p) => `  ${p.message}`).join('\n');
      throw new UserFacingError(`${error.message}\n${list}${error.problems.length > 20 ? `\n  … and ${error.problems.length - 20} more` : ''}`);
    }
    if (error instanceof DatasetError) throw new UserFacingError(error.message);
    throw error;
  }
}

function integer(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new UserFacingError(`--${name} must be an integer, got '${value}'`);
    return n;
  };
}

/** `--foo-bar` → options.fooBar (commander's camel-casing). */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Options of all readers (or generators), merged by name, for one commander command. */
function uniqueSpecs<T extends { name: string; description: string }>(specs: T[]): Map<string, T & { descriptions: string[] }> {
  const merged = new Map<string, T & { descriptions: string[] }>();
  for (const spec of specs) {
    const found = merged.get(spec.name);
    if (!found) merged.set(spec.name, { ...spec, descriptions: [spec.description] });
    else if (!found.descriptions.includes(spec.description)) found.descriptions.push(spec.description); // shared specs are listed once
  }
  return merged;
}

/** `protoscope data …`: import real datasets, generate synthetic ones, inspect either. */
export const dataCommand: CommandModule = {
  register(program: Command) {
    const data = program.command('data').description('Datasets: import real formats, generate synthetic data with ground truth, inspect.');

    const readerSpecs = uniqueSpecs(
      DATASET_READERS.flatMap((r) => r.options.map((o) => ({ ...o, description: o.default !== undefined ? `${o.description} (default ${o.default})` : o.description }))),
    );
    const importCommand = data
      .command('import')
      .description('Import a dataset into a folder with a manifest.json (all-or-nothing).')
      .argument('<format>', `one of: ${DATASET_READERS.map((r) => r.format).join(', ')}`)
      .argument('<path>', 'the input (see the formats below)')
      .requiredOption('--out <dir>', 'output folder (must not exist or be empty)')
      .option('--skip-bad', 'write the good records and import-report.json listing skipped ones, instead of stopping')
      .option('--val-fraction <f>', "move this fraction of train patients into a 'val' split", Number)
      .option('--seed <n>', 'seed for --val-fraction and the automatic 70/15/15 split', integer('seed'), 0)
      .option('--data-root <dir>', 'also allow image paths under this folder (repeatable); others outside <path> are refused', (v: string, all: string[] = []) => [...all, v])
      .option('--decode-threads <n>', 'threads that decode every image before writing (default: cores, at most 4)', integer('decode-threads'));
    for (const spec of readerSpecs.values()) {
      // No commander default: a reader applies its own, and only options typed by the user reach it (others are refused).
      importCommand.option(`--${spec.name} <value>`, `${spec.descriptions.join('; ')}${spec.choices ? ` (${spec.choices.join(' | ')})` : ''}`);
    }
    importCommand.addHelpText('after', `\nFormats:\n${DATASET_READERS.map((r) => `  ${r.format.padEnd(14)} ${r.summary}\n  ${''.padEnd(14)} <path>: ${r.input}`).join('\n')}\n`);
    importCommand.action(async (format: string, inputPath: string, options: Record<string, unknown>) => {
      const progress = progressReporter();
      const readerOptions: Record<string, string | undefined> = {};
      for (const name of readerSpecs.keys()) {
        const v = options[camel(name)];
        if (v !== undefined) readerOptions[name] = String(v);
      }
      // Ctrl-C stops downloads cleanly: what was fetched is kept for the next run, nothing is written.
      const interrupt = new AbortController();
      const onSigint = () => interrupt.abort();
      process.once('SIGINT', onSigint);
      const report = await asUserError(() =>
        importDataset(format, inputPath, {
          out: String(options['out']),
          skipBad: Boolean(options['skipBad']),
          valFraction: options['valFraction'] as number | undefined,
          seed: options['seed'] as number,
          readerOptions,
          allowedRoots: options['dataRoot'] as string[] | undefined,
          decodeThreads: options['decodeThreads'] as number | undefined,
          signal: interrupt.signal,
          onProgress: progress.update,
        }),
      ).finally(() => {
        progress.stop();
        process.off('SIGINT', onSigint);
      });
      for (const note of report.notes) process.stdout.write(`${note}\n`);
      process.stdout.write(`Imported ${report.imported} images into ${report.outDir}` + (report.skipped.length ? `; skipped ${report.skipped.length} (see import-report.json)` : '') + '\n');
    });

    const generatorSpecs = uniqueSpecs(DATASET_GENERATORS.flatMap((g) => g.options.map((o) => ({ ...o, description: `${o.description} (default ${String(o.default)})` }))));
    const generateCommand = data
      .command('generate')
      .description('Generate a synthetic dataset with exact ground truth (masks, boxes, keypoints).')
      .argument('<name>', `one of: ${DATASET_GENERATORS.map((g) => g.name).join(', ')}`)
      .requiredOption('--out <dir>', 'output folder (must not exist or be empty)')
      .option('--n <count>', 'number of images', integer('n'), 1000)
      .option('--seed <s>', 'random seed (same seed, same dataset)', integer('seed'), 0)
      .option('--size <px>', 'image side in pixels', integer('size'), 64);
    for (const spec of generatorSpecs.values()) {
      generateCommand.option(`--${spec.name} <value>`, spec.descriptions.join('; '));
    }
    generateCommand.addHelpText('after', `\nGenerators:\n${DATASET_GENERATORS.map((g) => `  ${g.name.padEnd(16)} ${g.summary}`).join('\n')}\n`);
    generateCommand.action(async (name: string, options: Record<string, unknown>) => {
      const progress = progressReporter();
      // Every generator option typed by the user is passed on: one of another generator is refused there.
      const generatorOptions: Record<string, string> = {};
      for (const option of generatorSpecs.keys()) {
        const v = options[camel(option)];
        if (v !== undefined) generatorOptions[option] = String(v);
      }
      const manifest = await asUserError(() =>
        generateDataset(name, { n: options['n'] as number, seed: options['seed'] as number, size: options['size'] as number, options: generatorOptions }, String(options['out']), progress.update),
      ).finally(progress.stop);
      process.stdout.write(`Generated ${manifest.images.length} ${name} images into ${String(options['out'])}\n`);
    });

    data
      .command('inspect')
      .description('Counts per split/label/view/source, class balance, image sizes and example paths.')
      .argument('<dir>', 'a dataset folder (holding manifest.json)')
      .option('--json', 'print the summary as JSON')
      .action(async (dir: string, options: { json?: boolean }) => {
        const summary = await asUserError(async () => summariseDataset(openDataset(dir)));
        process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatDatasetSummary(summary));
      });
  },
};
