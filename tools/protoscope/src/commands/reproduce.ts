import path from 'node:path';
import { type Command, Option } from 'commander';
import { protoscopeHome } from '@protoscope/tracking';
import { withUserErrors } from '../library-errors';
import { SCALES, type Scale } from '../application/reproduce/claim';
import { claimIds, defaultSeeds, reproduce } from '../application/reproduce/reproduce';
import { commaList, positiveInteger } from './arguments';
import type { CommandModule } from './index';

interface ReproduceFlags {
  quick?: boolean;
  seeds?: number;
  store?: string;
  out: string;
  only?: string[];
  dataDir?: string;
  scale?: Scale;
}

export const reproduceCommand: CommandModule = {
  register(program: Command) {
    program
      .command('reproduce')
      .description("Regenerate the claims table: each seed system's headline claim tested here (runs and evaluations in the store, figures over seeds with 95 % t-intervals, verdicts), as Markdown and as the notebook `claims`.")
      .option('--quick', `small settings and ${defaultSeeds('quick')} seeds (under 30 minutes on 2 idle cores); default: the full setting, ${defaultSeeds('full')} seeds`)
      .option('--seeds <n>', 'number of seeds (1 … N)', positiveInteger)
      .option('--store <url>', 'sqlite:PATH or postgres://… (default: sqlite under PROTOSCOPE_HOME)')
      .option('--out <file.md>', 'the Markdown written', 'reproduce/claims.md')
      .option('--only <ids>', `comma-separated claim ids: ${claimIds().join(', ')}`, commaList)
      .option('--data-dir <dir>', 'where the generated datasets are kept (default: reproduce-data under PROTOSCOPE_HOME)')
      // Tests exercise the command end to end on tiny data; its figures mean nothing.
      .addOption(new Option('--scale <scale>').choices(SCALES).hideHelp())
      .action(async (flags: ReproduceFlags) => {
        const scale: Scale = flags.scale ?? (flags.quick ? 'quick' : 'full');
        await withUserErrors(() =>
          reproduce({
            scale,
            seeds: flags.seeds,
            store: flags.store,
            out: flags.out,
            only: flags.only,
            dataDir: flags.dataDir ?? path.join(protoscopeHome(), 'reproduce-data'),
            command: ['protoscope reproduce', flags.quick ? '--quick' : '', flags.seeds ? `--seeds ${flags.seeds}` : '', flags.only ? `--only ${flags.only.join(',')}` : ''].filter(Boolean).join(' '),
            log: (message) => process.stderr.write(`${message}\n`),
          }),
        );
      });
  },
};
