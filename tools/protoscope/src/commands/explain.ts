import type { Command } from 'commander';
import { explainerIds } from '@protoscope/eval';
import { explainRun, type TargetChoice } from '../application/explain/explain-run';
import { withUserErrors } from '../library-errors';
import { parseCheckpointChoice } from '../application/runs/load-run';
import { parseImageSelection } from '../application/runs/select-images';
import { UserFacingError } from '../user-facing-error';
import { explainerList, integer, nonNegativeInteger, positiveInteger } from './arguments';
import type { CommandModule } from './index';
import { formatTable } from './table';

interface ExplainFlags {
  run?: string;
  methods: string[];
  images: string;
  limit?: number;
  checkpoint: string;
  target: string;
  data?: string;
  store?: string;
  batchSize: number;
  seed: number;
  queryGrid: number;
  json?: boolean;
}

function parseTarget(value: string): TargetChoice {
  if (value === 'predicted' || value === 'label') return value;
  const index = Number(value);
  if (Number.isInteger(index) && index >= 0) return index;
  throw new UserFacingError(`--target must be 'predicted', 'label' or a class index, got '${value}'`);
}

const fixed = (v: number | null, digits = 3) => (v === null ? '–' : v.toFixed(digits));

export const explainCommand: CommandModule = {
  register(program: Command) {
    program
      .command('explain')
      .description('Explain a trained run: heat maps per image and method, stored with the run (PNG map + overlay, per-image pointing game).')
      .option('--run <id>', 'the run to explain')
      .option('--methods <ids>', `comma-separated: ${explainerIds.join(', ')}`, explainerList, ['gradcam'])
      .option('--images <selection>', "'split:NAME', 'ids:A,B' or 'all'", 'split:val')
      .option('--limit <n>', 'at most N images (the first ones in manifest order)', positiveInteger)
      .option('--checkpoint <which>', "'latest' (the final model), 'best' or a step", 'latest')
      .option('--target <class>', "class to explain: 'predicted', 'label' or a class index", 'predicted')
      .option('--data <dir>', "another dataset folder with the run's classes (default: the run's own)")
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite under PROTOSCOPE_HOME)')
      .option('--batch-size <n>', 'images per forward pass', positiveInteger, 16)
      .option('--seed <n>', 'seed of random methods (RISE masks, MDM start)', integer, 0)
      .option('--query-grid <n>', 'cross-attention on view pairs: also the maps from the centres of an N × N grid of the main view (0: none), besides those from the whole view and from its lesion', nonNegativeInteger, 3)
      .option('--json', 'print one JSON object as the last line on stdout')
      .action(async (flags: ExplainFlags) => {
        if (!flags.run) throw new UserFacingError('--run is required: the id of a run trained with `protoscope train`');
        const result = await withUserErrors(() =>
          explainRun({
            runId: flags.run!,
            methods: flags.methods,
            store: flags.store,
            images: parseImageSelection(flags.images),
            limit: flags.limit,
            checkpoint: parseCheckpointChoice(flags.checkpoint),
            target: parseTarget(flags.target),
            data: flags.data,
            batchSize: flags.batchSize,
            seed: flags.seed,
            queryGrid: flags.queryGrid,
            onProgress: (message) => process.stderr.write(`${message}\n`),
          }),
        );
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...result, methods: Object.fromEntries(result.methods.map(({ method, ...rest }) => [method, rest])) })}\n`);
          return;
        }
        process.stdout.write(`run ${result.runId}, checkpoint step ${result.step}, ${result.images} images\n`);
        process.stdout.write(
          formatTable(
            ['method', 'images', 'pointing game', 'energy in lesion', 'seconds'],
            result.methods.map((m) => [m.method, String(m.images), fixed(m.pointingGame), fixed(m.energyPointingGame), m.seconds.toFixed(1)]),
          ),
        );
      });
  },
};
