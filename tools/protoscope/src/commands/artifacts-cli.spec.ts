/**
 * `--artifacts` and `--s3-endpoint` as a user passes them to the real CLI (a child process running the
 * sources through tsx, as `npx protoscope` does): an s3:// location opens against an S3-compatible
 * server, and a location that is neither a folder nor s3:// is refused in one line naming it.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/protoscope.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

// Each CLI start transpiles the sources (a few seconds on a busy machine).
jest.setTimeout(90_000);

describe('protoscope --artifacts', () => {
  let dir: string;
  let s3: S3rverInstance;
  let endpoint: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-artifacts-cli-'));
    // s3rver ships no types.
    const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: 'team' }] });
    endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  });
  afterAll(async () => {
    await s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the store with its artifacts in an S3-compatible bucket given by flags', async () => {
    const store = `sqlite:${path.join(dir, 'store.db')}`;
    const result = await cli(['user', 'list', '--store', store, '--artifacts', 's3://team/protoscope', '--s3-endpoint', endpoint], {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    expect(result.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    expect(result.code).toBe(0);
    // Nothing was written beside the store: artifacts go to the bucket.
    expect(fs.existsSync(path.join(dir, 'artifacts'))).toBe(false);
  });

  it('refuses a location that is not a folder or s3://, and an endpoint that is not a URL', async () => {
    const store = `sqlite:${path.join(dir, 'store.db')}`;
    const scheme = await cli(['user', 'list', '--store', store, '--artifacts', 'gs://team/x']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr.trim()).toBe('protoscope: artifact location "gs://team/x": only folders and s3://BUCKET[/PREFIX] are supported');
    const badEndpoint = await cli(['user', 'list', '--store', store, '--artifacts', 's3://team/x', '--s3-endpoint', 'localhost:9000']);
    expect(badEndpoint.code).toBe(2);
    expect(badEndpoint.stderr).toMatch(/S3 endpoint "localhost:9000" .* must be an http:\/\/ or https:\/\/ URL/);
  });
});
