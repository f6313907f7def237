import { Command, CommanderError } from 'commander';
import { commandModules } from './commands';
import { UserFacingError } from './user-facing-error';

/** Builds the `protoscope` program: every subcommand is one module in ./commands, listed in ./commands/index.ts. */
export function buildProgram(): Command {
  const program = new Command('protoscope')
    .description('Protoscope: train and explain medical-image classifiers, and compare runs.')
    .showHelpAfterError()
    .exitOverride();
  for (const module of commandModules) module.register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `protoscope … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof UserFacingError) {
      process.stderr.write(`protoscope: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
