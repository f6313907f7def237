import type { Command } from 'commander';
import type { CommandModule } from './index';

export const benchCommand: CommandModule = {
  register(program: Command) {
    program.command('bench').description('Benchmarks (written to JSON).');
  },
};
