/**
 * Datasets in object storage: a dataset registered at `s3://bucket/prefix` is copied into its folder
 * under the data root when first asked for, byte for byte, and kept there.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError } from './errors';
import { openStore, type Store } from './store';
import { S3_TEST_KEYS, startS3TestServer, type S3TestServer } from './test-support/s3-test-server';

describe('datasets in object storage', () => {
  let s3: S3TestServer;
  let raw: S3Client;
  let dir: string;
  let store: Store;
  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from('{"id":"cxr-small"}'),
    'images/a.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    'images/nested/b.npy': Buffer.alloc(70_000, 7),
  };

  beforeAll(async () => {
    s3 = await startS3TestServer('team-data');
    raw = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_TEST_KEYS });
    for (const [name, bytes] of Object.entries(files)) {
      await raw.send(new PutObjectCommand({ Bucket: 'team-data', Key: `datasets/cxr-small/${name}`, Body: bytes }));
    }
    await raw.send(new PutObjectCommand({ Bucket: 'team-data', Key: 'datasets/cxr-small-other/x', Body: 'not this one' }));
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'protoscope-dataset-fetch-'));
    store = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { env: s3.env });
  });
  afterAll(async () => {
    await store?.close();
    raw?.destroy();
    await s3?.stop();
    await fs.promises.rm(dir, { recursive: true, force: true });
  });

  it('registers the prefix as the location and copies its objects into the local folder on first use', async () => {
    const dataset = await store.datasets.register({ id: 'cxr-small', location: 's3://team-data/datasets/cxr-small/', imageCount: 2 });
    expect(dataset.location).toBe('s3://team-data/datasets/cxr-small');
    const expectedFolder = path.join(dir, 'datasets', '.object-store', 'team-data', 'datasets', 'cxr-small');
    expect(dataset.path).toBe(expectedFolder);
    expect(fs.existsSync(expectedFolder)).toBe(false);

    expect(await store.datasets.folder('cxr-small')).toBe(expectedFolder);
    for (const [name, bytes] of Object.entries(files)) expect(fs.readFileSync(path.join(expectedFolder, name))).toEqual(bytes);
    // Only this prefix, not its neighbour sharing the start of its name.
    expect(fs.existsSync(path.join(expectedFolder, 'x'))).toBe(false);
    const listed = (fs.readdirSync(expectedFolder, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(expectedFolder, f)).isFile());
    expect(listed.sort()).toEqual(['images/a.png', 'images/nested/b.npy', 'manifest.json'].map((f) => f.split('/').join(path.sep)));

    // Another process (a fresh store) keeps the files already there.
    const again = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { env: s3.env });
    try {
      const before = fs.statSync(path.join(expectedFolder, 'images', 'nested', 'b.npy')).mtimeMs;
      await again.datasets.folder('cxr-small');
      expect(fs.statSync(path.join(expectedFolder, 'images', 'nested', 'b.npy')).mtimeMs).toBe(before);
    } finally {
      await again.close();
    }
  });

  it('names an empty prefix, an unreachable server and a malformed location', async () => {
    await store.datasets.register({ id: 'empty', location: 's3://team-data/datasets/none', imageCount: 0 });
    await expect(store.datasets.folder('empty')).rejects.toThrow(/dataset s3:\/\/team-data\/datasets\/none has no objects/);
    const offline = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { env: { ...s3.env, PROTOSCOPE_S3_ENDPOINT: 'http://127.0.0.1:9' } });
    try {
      await expect(offline.datasets.folder('cxr-small')).rejects.toThrow(/could not fetch dataset s3:\/\/team-data\/datasets\/cxr-small \(endpoint http:\/\/127.0.0.1:9\)/);
    } finally {
      await offline.close();
    }
    await expect(store.datasets.register({ id: 'bad', location: 's3://Bad_Bucket/x', imageCount: 1 })).rejects.toThrow(InvalidInputError);
    await expect(store.datasets.register({ id: 'bad', location: 's3://Bad_Bucket/x', imageCount: 1 })).rejects.toThrow(/not a valid S3 bucket name/);
  });
});
