import type { Command } from 'commander';
import { auditCommand } from './audit';
import { benchCommand } from './bench';
import { dataCommand } from './data';
import { evaluateCommand } from './evaluate';
import { reproduceCommand } from './reproduce';
import { explainCommand } from './explain';
import { serveCommand } from './serve';
import { sweepCommand } from './sweep';
import { startCommand } from './start';
import { tokenCommand } from './token';
import { trainCommand } from './train';
import { userCommand } from './user';
import { workerCommand } from './worker';

/** A subcommand of `protoscope`: adds itself (with its own --help) to the program. */
export interface CommandModule {
  register(program: Command): void;
}

/** The registry of subcommands: adding a command means one file and one line here. */
export const commandModules: CommandModule[] = [benchCommand, startCommand, dataCommand, trainCommand, workerCommand, explainCommand, evaluateCommand, auditCommand, reproduceCommand, serveCommand, userCommand, tokenCommand, sweepCommand];
