/**
 * One artifact suite, run against every artifact store: local files and an S3-compatible server
 * (s3rver). Expected hashes come from node:crypto directly, never from the code under test.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { ArtifactFiles } from './artifact-files';
import { openArtifactStore, parseS3Location } from './artifact-location';
import type { ArtifactStore } from './artifact-store';
import { ArtifactIntegrityError, ArtifactStoreError, InvalidInputError, UnknownArtifactError } from './errors';
import { openStore } from './store';
import { S3_TEST_KEYS, startS3TestServer, type S3TestServer } from './test-support/s3-test-server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

interface Backend {
  /** The `--artifacts` value. */
  location: string;
  env: NodeJS.ProcessEnv;
  /** Replaces the stored bytes of `hash` behind the store's back (disk or network damage). */
  corrupt(hash: string, bytes: Uint8Array): Promise<void>;
  cleanup(): Promise<void>;
}

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer('artifact-suite');
});
afterAll(async () => {
  await s3?.stop();
});

const backends: Array<[string, () => Promise<Backend>]> = [
  [
    'local',
    async () => {
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-artifact-suite-'));
      const files = new ArtifactFiles(path.join(dir, 'artifacts'));
      return {
        location: files.root,
        env: {},
        corrupt: async (hash, bytes) => fs.promises.writeFile(files.pathOf(hash), bytes),
        cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    's3',
    async () => {
      const prefix = `suite-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      const raw = new S3Client({
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: S3_TEST_KEYS,
      });
      return {
        location: `s3://${s3.bucket}/${prefix}/`,
        env: s3.env,
        corrupt: async (hash, bytes) => {
          await raw.send(
            new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${hash.slice(0, 2)}/${hash.slice(2)}`, Body: bytes }),
          );
        },
        cleanup: async () => raw.destroy(),
      };
    },
  ],
];

describe.each(backends)('artifact store: %s', (kind, makeBackend) => {
  let backend: Backend;
  let artifacts: ArtifactStore;
  beforeEach(async () => {
    backend = await makeBackend();
    artifacts = await openArtifactStore(backend.location, backend.env);
  });
  afterEach(async () => {
    await artifacts.close();
    await backend.cleanup();
  });

  it('is the kind its location names', () => {
    expect(artifacts.kind).toBe(kind);
  });

  it('stores bytes under their SHA-256 and reads them back, empty content included', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) % 256));
    expect(await artifacts.exists(sha256(bytes))).toBe(false);
    const hash = await artifacts.write(bytes);
    expect(hash).toBe(sha256(bytes));
    expect(await artifacts.exists(hash)).toBe(true);
    expect(await artifacts.read(hash)).toEqual(bytes);
    expect(await artifacts.read(hash, { verify: true })).toEqual(bytes);
    expect(await drain(await artifacts.openStream(hash))).toEqual(bytes);
    // The SHA-256 of no bytes is the well-known e3b0c442…b855.
    const empty = await artifacts.write(new Uint8Array());
    expect(empty).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await artifacts.read(empty)).toEqual(Buffer.alloc(0));
  });

  it('is idempotent: the same content written again or at once by many writers is one artifact', async () => {
    const bytes = Buffer.from('weights of epoch 3');
    const hashes = await Promise.all(Array.from({ length: 8 }, () => artifacts.write(Buffer.from(bytes))));
    expect(new Set(hashes)).toEqual(new Set([sha256(bytes)]));
    expect(await artifacts.write(bytes)).toBe(sha256(bytes));
    expect(await artifacts.read(sha256(bytes), { verify: true })).toEqual(bytes);
  });

  it('names the missing artifact and refuses malformed hashes', async () => {
    const missing = sha256(Buffer.from('never stored'));
    await expect(artifacts.read(missing)).rejects.toThrow(UnknownArtifactError);
    await expect(artifacts.read(missing)).rejects.toThrow(new RegExp(`no artifact ${missing}`));
    await expect(artifacts.openStream(missing)).rejects.toThrow(UnknownArtifactError);
    await expect(artifacts.read('../../etc/passwd')).rejects.toThrow(InvalidInputError);
    await expect(artifacts.exists('ABC')).rejects.toThrow(/64 lower-case hex digits/);
  });

  it('detects damaged bytes on a checked read and on a stream, and a put repairs a truncated copy', async () => {
    const bytes = Buffer.from('prototype patch of class malignant');
    const hash = await artifacts.write(bytes);
    await backend.corrupt(hash, Buffer.from('PROTOTYPE PATCH OF CLASS MALIGNANT'));
    await expect(artifacts.read(hash, { verify: true })).rejects.toThrow(ArtifactIntegrityError);
    await expect(drain(await artifacts.openStream(hash))).rejects.toThrow(/is corrupt/);
    await backend.corrupt(hash, bytes.subarray(0, 5));
    expect(await artifacts.write(bytes)).toBe(hash);
    expect(await artifacts.read(hash, { verify: true })).toEqual(bytes);
  });

  it('serves through a store: registered, streamed, and by presigned URL where the store has them', async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-artifact-store-'));
    const store = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { artifacts: backend.location, env: backend.env });
    try {
      expect(store.artifactsKind).toBe(kind);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const hash = await store.artifacts.put(png, { kind: 'heatmap', mediaType: 'image/png' });
      expect(hash).toBe(sha256(png));
      expect(await store.artifacts.get(hash, { verify: true })).toEqual(png);
      expect(await store.artifacts.has(hash)).toBe(true);
      expect(await drain(await store.artifacts.stream(hash))).toEqual(png);
      const url = await store.artifacts.url(hash);
      if (kind === 'local') {
        expect(url).toBeUndefined();
        expect(store.artifacts.path(hash)).toBe(path.join(backend.location, hash.slice(0, 2), hash.slice(2)));
      } else {
        expect(url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));
        const answer = await fetch(url!);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe('image/png');
        expect(Buffer.from(await answer.arrayBuffer())).toEqual(png);
        expect(() => store.artifacts.path(hash)).toThrow(ArtifactStoreError);
      }
      // Unregistered bytes are not served even if present in the artifact store.
      const stray = await (await openArtifactStore(backend.location, backend.env)).write(Buffer.from('stray'));
      await expect(store.artifacts.stream(stray)).rejects.toThrow(UnknownArtifactError);
    } finally {
      await store.close();
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('artifact locations', () => {
  it('parses s3://bucket/prefix and refuses what is not one, naming it', async () => {
    expect(parseS3Location('s3://team-artifacts/protoscope/prod/')).toEqual({ bucket: 'team-artifacts', prefix: 'protoscope/prod' });
    expect(parseS3Location('s3://team-artifacts')).toEqual({ bucket: 'team-artifacts', prefix: '' });
    expect(() => parseS3Location('s3://Team_Artifacts/x')).toThrow(/bucket "Team_Artifacts" is not a valid S3 bucket name/);
    expect(() => parseS3Location('s3://bucket/a/../b')).toThrow(/prefix "a\/..\/b"/);
    await expect(openArtifactStore('gs://bucket/x', {})).rejects.toThrow(/only folders and s3:\/\/BUCKET/);
    await expect(openArtifactStore('s3://bucket/x', { PROTOSCOPE_S3_ENDPOINT: 'localhost:9000' })).rejects.toThrow(
      /S3 endpoint "localhost:9000".*http/,
    );
  });

  it('reports an object store that does not answer with its location and endpoint', async () => {
    const artifacts = await openArtifactStore('s3://nowhere/p', { ...s3.env, PROTOSCOPE_S3_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      await expect(artifacts.write(Buffer.from('x'))).rejects.toThrow(/could not look up artifact [0-9a-f]{64} in s3:\/\/nowhere\/p \(endpoint http:\/\/127.0.0.1:9\)/);
    } finally {
      await artifacts.close();
    }
  });
});
