/**
 * Artifacts in an S3-compatible object store (s3rver here) are answered with a redirect to a presigned
 * URL; the redirect is behind the same door as every other binary endpoint.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTemporaryServer, type TemporaryServer } from '../testing/temporary-server';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

describe('GET /artifacts/:hash on an object store', () => {
  let s3: S3rverInstance;
  let s3Dir: string;
  let endpoint: string;
  let server: TemporaryServer;

  beforeAll(async () => {
    // s3rver ships no types.
    const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
    s3Dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-s3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: 'team' }] });
    endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
    server = await startTemporaryServer({
      storeOptions: {
        artifacts: 's3://team/protoscope',
        env: { PROTOSCOPE_S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    await fs.promises.rm(s3Dir, { recursive: true, force: true });
  });

  it('redirects a caller to a presigned URL that serves the bytes with their media type', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 8, 7, 6]);
    const hash = await server.store.artifacts.put(bytes, { kind: 'heatmap', mediaType: 'image/png' });
    const answer = await server.fetch(`${server.url}/artifacts/${hash}`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = answer.headers.get('location')!;
    expect(location.startsWith(`${endpoint}/team/protoscope/${hash.slice(0, 2)}/${hash.slice(2)}?`)).toBe(true);
    expect(location).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    const followed = await server.fetch(`${server.url}/artifacts/${hash}`);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await followed.arrayBuffer())).toEqual(bytes);
  });

  it('does not hand out a URL to a caller without credentials, nor for an unknown hash', async () => {
    const hash = await server.store.artifacts.put(Buffer.from('checkpoint'), { kind: 'checkpoint', mediaType: 'application/octet-stream' });
    const anonymous = await fetch(`${server.url}/artifacts/${hash}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('location')).toBeNull();
    expect((await server.fetch(`${server.url}/artifacts/${'1'.repeat(64)}`, { redirect: 'manual' })).status).toBe(404);
  });
});
