import type { Command } from 'commander';
import { explainerIds } from '@protoscope/eval';
import { evaluateRun } from '../application/evaluate/evaluate-run';
import { suiteIds } from '../application/evaluate/suite-registry';
import { withUserErrors } from '../library-errors';
import { parseCheckpointChoice } from '../application/runs/load-run';
import { parseImageSelection } from '../application/runs/select-images';
import { UserFacingError } from '../user-facing-error';
import { commaList, explainerList, integer, positiveInteger } from './arguments';
import type { CommandModule } from './index';
import { formatTable } from './table';

interface EvaluateFlags {
  run?: string;
  suite: string[];
  data?: string;
  images?: string;
  limit?: number;
  checkpoint: string;
  methods?: string[];
  predictions?: string;
  store?: string;
  seed: number;
  batchSize: number;
  json?: boolean;
}

export const evaluateCommand: CommandModule = {
  register(program: Command) {
    program
      .command('evaluate')
      .description('Score a trained run and its explanations (stored as evaluations of the run) and print a table.')
      .option('--run <id>', 'the run to evaluate')
      .option('--suite <ids>', `comma-separated: ${suiteIds.join(', ')}`, commaList, ['classification'])
      .option('--data <dir>', "another dataset folder with the run's classes, e.g. a held-out test set (default: the run's own data)")
      .option('--images <selection>', "'split:NAME', 'ids:A,B' or 'all' (default: split:val, or all of --data)")
      .option('--limit <n>', 'at most N images (the first ones in manifest order)', positiveInteger)
      .option('--checkpoint <which>', "'latest' (the final model), 'best' or a step", 'latest')
      .option('--methods <ids>', `explanations scored by localisation/faithfulness: ${explainerIds.join(', ')} (default: gradcam, + prototypes for prototype models)`, explainerList)
      .option('--predictions <file.csv>', 'write per-image scores (id, label, score, per-class probabilities)')
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite under PROTOSCOPE_HOME)')
      .option('--seed <n>', 'seed of bootstrap resamples, probes and random explanation methods', integer, 0)
      .option('--batch-size <n>', 'images per forward pass', positiveInteger, 16)
      .option('--json', 'print one JSON object (metric name → value) as the last line on stdout')
      .action(async (flags: EvaluateFlags) => {
        if (!flags.run) throw new UserFacingError('--run is required: the id of a run trained with `protoscope train`');
        const result = await withUserErrors(() =>
          evaluateRun({
            runId: flags.run!,
            suites: flags.suite,
            store: flags.store,
            data: flags.data,
            images: flags.images ? parseImageSelection(flags.images) : undefined,
            limit: flags.limit,
            checkpoint: parseCheckpointChoice(flags.checkpoint),
            methods: flags.methods,
            predictionsCsv: flags.predictions,
            seed: flags.seed,
            batchSize: flags.batchSize,
            log: (message) => process.stderr.write(`${message}\n`),
          }),
        );
        for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...result.metrics, runId: result.runId, step: result.step, data: result.data, images: result.images, notes: result.notes })}\n`);
          return;
        }
        process.stdout.write(`run ${result.runId}, checkpoint step ${result.step}, ${result.images} images of ${result.data}\n`);
        for (const table of result.tables) {
          if (table.rows.length === 0) continue;
          process.stdout.write(`\n${table.suite}\n${formatTable(['metric', 'value'], table.rows)}`);
        }
      });
  },
};
