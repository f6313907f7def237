/**
 * An S3-compatible server for tests: s3rver on a free loopback port, its objects in a temporary folder,
 * with one bucket. `env` holds what a process needs to use it (endpoint and keys).
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Endpoint and keys for openArtifactStore / a child process. */
  env: NodeJS.ProcessEnv;
  /** The folder s3rver keeps its objects in. */
  directory: string;
  stop(): Promise<void>;
}

/** s3rver's fixed development keys. */
export const S3_TEST_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startS3TestServer(bucket = 'protoscope-test', address = '127.0.0.1'): Promise<S3TestServer> {
  // s3rver ships no types.
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-s3rver-'));
  const server = new S3rver({ address, port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://${address}:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      PROTOSCOPE_S3_ENDPOINT: endpoint,
      PROTOSCOPE_S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3_TEST_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_KEYS.secretAccessKey,
    },
    async stop() {
      await server.close();
      await fs.promises.rm(directory, { recursive: true, force: true });
    },
  };
}
