/**
 * The artifact folder: one file per distinct content, named by its SHA-256, fanned out by the first
 * two hex digits (`<root>/ab/cdef…`, 62 more digits) so no directory grows past a few thousand entries.
 *
 * A file is written to a temporary name in its final directory (`.tmp-…`, same file system), flushed,
 * then renamed over the final name. rename(2) is atomic, so a reader sees either no file or the whole
 * file; a crash before the rename leaves only a `.tmp-` file, which no hash ever names and
 * `removeStaleTemporaries` deletes. Content addressing makes writes idempotent: the same bytes always
 * land on the same name, and an existing file is not rewritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from './artifact-store';
import { verifyingStream } from './verifying-stream';
import { ArtifactIntegrityError, InvalidInputError, UnknownArtifactError } from './errors';

const HASH = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.tmp-';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `hash` is 64 lower-case hex digits. */
export function assertArtifactHash(hash: string, what = 'artifact hash'): void {
  if (typeof hash !== 'string' || !HASH.test(hash)) {
    throw new InvalidInputError(`${what} must be 64 lower-case hex digits (a SHA-256), got ${JSON.stringify(hash)}`);
  }
}

export class ArtifactFiles implements ArtifactStore {
  readonly kind = 'local' as const;
  /** Absolute path of the artifact folder. */
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get location(): string {
    return this.root;
  }

  /** Where the file for `hash` lives (whether or not it exists). */
  pathOf(hash: string): string {
    assertArtifactHash(hash);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  async exists(hash: string): Promise<boolean> {
    const filePath = this.pathOf(hash);
    try {
      await fs.promises.access(filePath);
      return true;
    } catch {
      return false;
    }
  }

  /** Writes `bytes` under its hash (computed here) unless a complete file is already there. */
  async write(bytes: Uint8Array): Promise<string> {
    const hash = sha256Hex(bytes);
    const finalPath = this.pathOf(hash);
    const existing = await fs.promises.stat(finalPath).catch(() => undefined);
    if (existing?.isFile() && existing.size === bytes.byteLength) return hash;

    const dir = path.dirname(finalPath);
    await fs.promises.mkdir(dir, { recursive: true });
    const tempPath = path.join(
      dir,
      `${TEMP_PREFIX}${hash.slice(2, 18)}-${process.pid}-${randomBytes(6).toString('hex')}`,
    );
    try {
      const handle = await fs.promises.open(tempPath, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(tempPath, finalPath);
    } catch (error) {
      await fs.promises.rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
    return hash;
  }

  async read(hash: string, options: { verify?: boolean } = {}): Promise<Buffer> {
    const filePath = this.pathOf(hash);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UnknownArtifactError(hash, `the artifact folder ${this.root}`);
      }
      throw error;
    }
    if (options.verify) {
      const actual = sha256Hex(bytes);
      if (actual !== hash) throw new ArtifactIntegrityError(hash, filePath, actual);
    }
    return bytes;
  }

  /** Streams the file, re-hashing it on the way (the stream fails on a mismatch). */
  async openStream(hash: string): Promise<Readable> {
    const filePath = this.pathOf(hash);
    try {
      const handle = await fs.promises.open(filePath, 'r');
      return verifyingStream(handle.createReadStream(), hash, filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UnknownArtifactError(hash, `the artifact folder ${this.root}`);
      }
      throw error;
    }
  }

  /** Local files have no URL of their own: the server streams them. */
  async presignedUrl(): Promise<undefined> {
    return undefined;
  }

  async close(): Promise<void> {
    // Files hold no connection.
  }

  /**
   * Deletes temporary files left by writers that died before their rename, if older than
   * `olderThanMs` (default one hour, so a write in progress is never touched). Returns how many.
   */
  async removeStaleTemporaries(olderThanMs = 3_600_000, now = Date.now()): Promise<number> {
    let removed = 0;
    const fanOut = await fs.promises.readdir(this.root).catch(() => [] as string[]);
    for (const sub of fanOut) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      const dir = path.join(this.root, sub);
      for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const file = path.join(dir, name);
        const stat = await fs.promises.stat(file).catch(() => undefined);
        if (stat && now - stat.mtimeMs >= olderThanMs) {
          await fs.promises.rm(file, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
