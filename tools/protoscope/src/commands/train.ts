import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { methodIds } from '@protoscope/core-models';
import { withUserErrors } from '../library-errors';
import { trainRunInThread } from '../application/train/train-in-thread';
import { integer, positiveInteger } from './arguments';
import { UserFacingError } from '../user-facing-error';
import type { CommandModule } from './index';

/** `--config` is inline JSON or a path to a JSON file. */
export function methodConfig(value: string): object {
  const text = value.trim().startsWith('{') ? value : fs.existsSync(value) ? fs.readFileSync(value, 'utf8') : undefined;
  if (text === undefined) throw new InvalidArgumentError(`'${value}' is neither a JSON object nor a readable file`);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed;
  } catch (error) {
    throw new InvalidArgumentError(`invalid JSON: ${(error as Error).message}`);
  }
}

interface TrainFlags {
  method?: string;
  data?: string;
  epochs: number;
  seed: number;
  store?: string;
  batchSize: number;
  size?: number;
  config: object;
  augment: boolean;
  bnRecalibration: boolean;
  checkpointEvery?: number;
  resume?: string;
  name?: string;
  tag: string[];
  json?: boolean;
}

export const trainCommand: CommandModule = {
  register(program: Command) {
    program
      .command('train')
      .description('Train a method on a dataset folder and record the run (metrics, checkpoints, prototypes) in the store.')
      .option('--method <id>', `training method: ${methodIds().join(', ')}`)
      .option('--data <dir>', 'dataset folder (from `protoscope data import|generate`)')
      .option('--epochs <n>', 'epochs', positiveInteger, 10)
      .option('--seed <n>', 'seed for weights, order and augmentation', integer, 0)
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite under PROTOSCOPE_HOME, ./.protoscope)')
      .option('--batch-size <n>', 'images per batch', positiveInteger, 32)
      .option('--size <px>', 'resize images to this square side (default: the dataset’s image size)', positiveInteger)
      .option('--config <json|file>', 'method settings as JSON (defaults: see docs/methods.md)', methodConfig, {})
      .option('--no-augment', 'train without augmentation')
      .option('--no-bn-recalibration', 'keep the batch-norm statistics gathered on augmented batches for evaluation')
      .option('--checkpoint-every <steps>', 'also checkpoint every N optimisation steps (epochs always end with one)', positiveInteger)
      .option('--resume <runId>', 'continue a stopped or failed run from its latest checkpoint, with its own settings')
      .option('--name <name>', 'a name for the run')
      .option('--tag <tag>', 'tag the run (repeatable)', (v: string, all: string[]) => [...all, v], [])
      .option('--json', 'print one JSON object (runId and summary metrics) as the last line on stdout')
      .action(async (flags: TrainFlags) => {
        const controller = new AbortController();
        const stop = () => {
          process.stderr.write('\nstopping after this batch (checkpointing; resume with --resume)…\n');
          controller.abort();
        };
        process.once('SIGINT', stop);
        try {
          await withUserErrors(async () => {
            let result;
            if (flags.resume) {
              result = await trainRunInThread({ resumeRunId: flags.resume, store: flags.store, signal: controller.signal });
            } else {
              if (!flags.method) throw new UserFacingError(`--method is required (one of: ${methodIds().join(', ')})`);
              if (!flags.data) throw new UserFacingError('--data is required: a dataset folder from `protoscope data import` or `data generate`');
              result = await trainRunInThread({
                ...flags,
                method: flags.method,
                data: flags.data,
                methodConfig: flags.config,
                tags: flags.tag,
                recalibrateNormalisation: flags.bnRecalibration,
                signal: controller.signal,
              });
            }
            if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
            else process.stdout.write(`run ${result.runId} ${result.status}: ${Object.entries(result.metrics).filter(([k]) => k.startsWith('val/')).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ')}\n`);
          });
        } finally {
          process.off('SIGINT', stop);
        }
      });
  },
};
