import type { Command } from 'commander';
import { initEngine } from '@protoscope/core-models';
import type { CommandModule } from './index';

/** `protoscope start`: what `npm start` runs. Until the server and notebook land it reports what exists. */
export const startCommand: CommandModule = {
  register(program: Command) {
    program
      .command('start')
      .description('Start the workbench (server + notebook UI) on the embedded SQLite store.')
      .action(async () => {
        const engine = await initEngine();
        process.stdout.write(
          [
            `Protoscope engine ready: backend ${engine.backend} (${engine.threads} thread${engine.threads === 1 ? '' : 's'}).`,
            'The GraphQL server and the notebook UI are not built yet; available now:',
            '  npx protoscope data generate mammo-two-view --out data/mammo --n 2000 --seed 1 --size 64',
            '  npx protoscope train --method protopnet --data data/mammo --epochs 20',
            '  npx protoscope bench engine --json   measure training/inference speed against PyTorch',
            '  npx protoscope --help                 every command',
            '',
          ].join('\n'),
        );
      });
  },
};
