import { Command, CommanderError } from 'commander';
import { commandModules } from './commands';
import { UserFacingError } from './user-facing-error';

/** Builds the `protoscope` program: every subcommand is one module in ./commands, listed in ./commands/index.ts. */
export function buildProgram(): Command {
  const program = new Command('protoscope')
    .description('Protoscope: train and explain medical-image classifiers, and compare runs.')
    .exitOverride()
    .option('--artifacts <location>', 'where artifacts live: a folder, or s3://BUCKET[/PREFIX] (default: PROTOSCOPE_ARTIFACTS, else beside the store)')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint for s3:// artifacts, e.g. http://10.0.0.1:9000 (default: PROTOSCOPE_S3_ENDPOINT, else AWS)');
  // Through the environment, so every store this process opens, and every worker it starts, agrees.
  program.hook('preAction', () => {
    const { artifacts, s3Endpoint } = program.opts<{ artifacts?: string; s3Endpoint?: string }>();
    if (artifacts !== undefined) process.env.PROTOSCOPE_ARTIFACTS = artifacts;
    if (s3Endpoint !== undefined) process.env.PROTOSCOPE_S3_ENDPOINT = s3Endpoint;
  });
  for (const module of commandModules) module.register(program);
  hintHelpAfterErrors(program, 'protoscope');
  return program;
}

/**
 * An option error prints its one line and where the usage is (`protoscope train --help`), not the
 * whole help text, which buries the line that matters.
 */
function hintHelpAfterErrors(command: Command, path: string): void {
  command.showHelpAfterError(`(run '${path} --help' for usage)`);
  for (const sub of command.commands) hintHelpAfterErrors(sub, `${path} ${sub.name()}`);
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
