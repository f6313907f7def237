/** An option error is one line naming the option, and where the usage is — not the whole help text. */
import { buildProgram } from './main';

function parseError(argv: string[]): { code: number; stderr: string } {
  const program = buildProgram();
  let stderr = '';
  const capture = (command: typeof program) => {
    command.configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    return { code: (error as { exitCode: number }).exitCode, stderr };
  }
  throw new Error(`${argv.join(' ')} parsed without an error`);
}

describe('option errors', () => {
  it('print the error and a hint to --help of the command, not the help text', () => {
    const { code, stderr } = parseError(['train', '--epochs', 'x']);
    expect(code).toBe(1);
    expect(stderr).toBe("error: option '--epochs <n>' argument 'x' is invalid. must be a whole number ≥ 1\n(run 'protoscope train --help' for usage)\n");
  });

  it('name an unknown job kind of worker --kinds, which would otherwise never be taken', () => {
    const { code, stderr } = parseError(['worker', '--kinds', 'train,trian']);
    expect(code).toBe(1);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      "error: option '--kinds <list>' argument 'train,trian' is invalid. unknown job kind trian (use: train, generate-dataset, import-dataset, explain, evaluate, sweep-trial, sweep-advance)",
      "(run 'protoscope worker --help' for usage)",
    ]);
  });

  it('name the nested command in the hint', () => {
    const { stderr } = parseError(['data', 'generate', 'mammo-two-view', '--out', 'x', '--bogus']);
    expect(stderr.split('\n').filter(Boolean)).toEqual(["error: unknown option '--bogus'", "(run 'protoscope data generate --help' for usage)"]);
  });
});
