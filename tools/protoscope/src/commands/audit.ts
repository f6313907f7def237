import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { auditShortcut } from '../application/audit/shortcut-audit';
import { withUserErrors } from '../library-errors';
import { integer, positiveInteger } from './arguments';
import type { CommandModule } from './index';
import { methodConfig } from './train';

interface ShortcutFlags {
  data: string;
  run?: string;
  method: string;
  config: object;
  epochs: number;
  seed: number;
  batchSize: number;
  store?: string;
  report?: string;
  balanced: boolean;
  balancedOut?: string;
  json?: boolean;
}

export const auditCommand: CommandModule = {
  register(program: Command) {
    const audit = program.command('audit').description('Audits of what a model relies on.');
    audit
      .command('shortcut')
      .description(
        'On multi-source data: site predictability from features, per-site and prevalence-balanced AUC, the pixel-shuffle estimate, and PRP / prototype relevance on the site signature (a report, and an evaluation `shortcut-audit` of the run).',
      )
      .requiredOption('--data <dir>', 'the multi-source dataset folder (every image with a source)')
      .option('--run <id>', 'audit this run (default: train one on --data first)')
      .option('--method <id>', 'method of the run trained when --run is absent', 'protopnet')
      .option('--config <json|file>', 'its settings as JSON', methodConfig, {})
      .option('--epochs <n>', 'its epochs', positiveInteger, 6)
      .option('--seed <n>', 'seed of training, probes and explanations', integer, 0)
      .option('--batch-size <n>', 'images per batch', positiveInteger, 16)
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite under PROTOSCOPE_HOME)')
      .option('--balanced-out <dir>', 'where the prevalence-balanced subset is written (default: <data>-prevalence-balanced)')
      .option('--no-balanced', 'when training, skip the second run on the prevalence-balanced subset')
      .option('--report <file.md>', 'also write the Markdown report here')
      .option('--json', 'print one JSON object (the stored metrics, runId, notes) as the last line on stdout')
      .action(async (flags: ShortcutFlags) => {
        const result = await withUserErrors(() =>
          auditShortcut({
            data: flags.data,
            runId: flags.run,
            method: flags.method,
            methodConfig: flags.config,
            epochs: flags.epochs,
            seed: flags.seed,
            batchSize: flags.batchSize,
            store: flags.store,
            balancedOut: flags.balanced ? flags.balancedOut : false,
            log: (message) => process.stderr.write(`${message}\n`),
          }),
        );
        if (flags.report) {
          fs.mkdirSync(path.dirname(path.resolve(flags.report)), { recursive: true });
          const temporary = `${flags.report}.tmp-${process.pid}`;
          fs.writeFileSync(temporary, result.report);
          fs.renameSync(temporary, flags.report);
        }
        if (flags.json) {
          const balanced = result.balanced && { ...result.balanced.metrics, runId: result.balanced.runId, step: result.balanced.step, perSite: result.balanced.perSite, notes: result.balanced.notes };
          process.stdout.write(`${JSON.stringify({ ...result.metrics, runId: result.runId, step: result.step, notes: result.notes, balanced })}\n`);
          return;
        }
        process.stdout.write(result.report);
      });
  },
};
