/**
 * The committed generated types (the server's resolver types, the web's typed documents) are what
 * `npm run codegen` makes of this SDL and the web's documents now. graphql-codegen's own `--check`
 * compares without writing; everything it reads is in the repository, so no network is needed.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js');

function runCheck(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, '--config', 'codegen.ts', '--check'], { cwd: ROOT, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('generated GraphQL types', () => {
  it('are up to date with the SDL and the web documents (else run npm run codegen and commit the result)', async () => {
    const { code, output } = await runCheck();
    const stale = output
      .split('\n')
      .filter((line) => /^\s+- /.test(line) || /error|failed/i.test(line))
      .join('\n');
    expect({ code, stale }).toEqual({ code: 0, stale: '' });
  }, 120_000);
});
