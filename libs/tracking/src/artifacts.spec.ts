import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArtifactIntegrityError, InvalidInputError, UnknownArtifactError } from './errors';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort();
}

describeEachStore('artifacts', (factory) => {
  const current = useFreshStore(factory);
  afterEach(() => jest.restoreAllMocks());

  it('stores bytes under their SHA-256 in a fanned-out folder and reads them back', async () => {
    const { store, artifactsDir } = current();
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 31) % 256));
    const hash = await store.artifacts.put(bytes, { kind: 'checkpoint', mediaType: 'application/octet-stream' });
    expect(hash).toBe(sha256(bytes));
    expect(store.artifacts.path(hash)).toBe(path.join(artifactsDir, hash.slice(0, 2), hash.slice(2)));
    expect(listFiles(artifactsDir)).toEqual([path.join(hash.slice(0, 2), hash.slice(2))]);
    expect(await store.artifacts.get(hash)).toEqual(bytes);
    expect(await store.artifacts.get(hash, { verify: true })).toEqual(bytes);
    expect(await store.artifacts.has(hash)).toBe(true);
    const info = await store.artifacts.info(hash);
    expect(info).toMatchObject({ hash, kind: 'checkpoint', mediaType: 'application/octet-stream', sizeBytes: 10_000 });
    expect(info.createdAt).toBeInstanceOf(Date);
  });

  it('is idempotent for the same content: one file, one row, the first description kept', async () => {
    const { store, artifactsDir } = current();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const first = await store.artifacts.put(png, { kind: 'heatmap', mediaType: 'image/png' });
    const writeSpy = jest.spyOn(fs.promises, 'open');
    const second = await store.artifacts.put(Buffer.from(png), { kind: 'image', mediaType: 'image/png' });
    expect(second).toBe(first);
    expect(writeSpy).not.toHaveBeenCalled();
    expect(listFiles(artifactsDir)).toHaveLength(1);
    expect((await store.artifacts.info(first)).kind).toBe('heatmap');
    const other = await store.artifacts.put(new Uint8Array([1]), { kind: 'heatmap', mediaType: 'image/png' });
    expect(other).not.toBe(first);
    expect(listFiles(artifactsDir)).toHaveLength(2);
    // Empty content is an artifact too.
    expect(await store.artifacts.get(await store.artifacts.put(new Uint8Array(), { kind: 'x', mediaType: 'a/b' }))).toEqual(
      Buffer.alloc(0),
    );
  });

  it('leaves no visible artifact when the writer dies between the temporary write and the rename', async () => {
    const { store, artifactsDir } = current();
    const bytes = Buffer.from('weights of a run that crashed');
    const hash = sha256(bytes);
    jest.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('killed'), { code: 'EINTR' }));
    await expect(store.artifacts.put(bytes, { kind: 'checkpoint', mediaType: 'application/octet-stream' })).rejects.toThrow(
      'killed',
    );
    expect(fs.existsSync(store.artifacts.path(hash))).toBe(false);
    await expect(store.artifacts.get(hash)).rejects.toThrow(UnknownArtifactError);
    await expect(store.artifacts.info(hash)).rejects.toThrow(UnknownArtifactError);
    expect(await store.artifacts.has(hash)).toBe(false);

    // A real crash does not clean up: the temporary file stays, under a name no hash resolves to.
    const leftover = path.join(artifactsDir, hash.slice(0, 2), `.tmp-${hash.slice(2, 18)}-999-abcdef`);
    fs.mkdirSync(path.dirname(leftover), { recursive: true });
    fs.writeFileSync(leftover, bytes.subarray(0, 5));
    await expect(store.artifacts.get(hash)).rejects.toThrow(UnknownArtifactError);
    expect(await store.artifacts.removeStaleTemporaries(60_000)).toBe(0); // too recent: maybe a live writer
    fs.utimesSync(leftover, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(await store.artifacts.removeStaleTemporaries(60_000)).toBe(1);
    expect(listFiles(artifactsDir)).toEqual([]);

    // Writing again succeeds.
    expect(await store.artifacts.put(bytes, { kind: 'checkpoint', mediaType: 'application/octet-stream' })).toBe(hash);
    expect(await store.artifacts.get(hash)).toEqual(bytes);
  });

  it('detects a corrupted file when asked to verify, and replaces a truncated one on the next put', async () => {
    const { store } = current();
    const bytes = Buffer.from('prototype patch');
    const hash = await store.artifacts.put(bytes, { kind: 'prototype-patch', mediaType: 'image/png' });
    fs.writeFileSync(store.artifacts.path(hash), 'PROTOTYPE PATCH');
    await expect(store.artifacts.get(hash, { verify: true })).rejects.toThrow(ArtifactIntegrityError);
    await expect(store.artifacts.get(hash, { verify: true })).rejects.toThrow(/is corrupt/);
    fs.writeFileSync(store.artifacts.path(hash), 'proto');
    await store.artifacts.put(bytes, { kind: 'prototype-patch', mediaType: 'image/png' });
    expect(await store.artifacts.get(hash, { verify: true })).toEqual(bytes);
  });

  it('explains unknown and malformed hashes and bad descriptions', async () => {
    const { store } = current();
    const missing = sha256(Buffer.from('never stored'));
    await expect(store.artifacts.get(missing)).rejects.toThrow(new RegExp(`no artifact ${missing}`));
    await expect(store.artifacts.get('abc')).rejects.toThrow(InvalidInputError);
    await expect(store.artifacts.get('../../etc/passwd')).rejects.toThrow(/64 lower-case hex digits/);
    await expect(store.artifacts.put(Buffer.from('x'), { kind: '', mediaType: 'image/png' })).rejects.toThrow(/kind/);
    await expect(store.artifacts.put(Buffer.from('x'), { kind: 'heatmap', mediaType: 'png' })).rejects.toThrow(
      /media type/,
    );
  });
});
