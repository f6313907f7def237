/**
 * Where artifact bytes live. Two implementations share one contract: `local` (content-addressed files
 * in a folder, artifact-files.ts) and `s3` (content-addressed keys in an S3-compatible bucket,
 * s3-artifacts.ts). The database only ever holds hashes, so a store can move between them by copying
 * the objects.
 */
import type { Readable } from 'node:stream';

export interface ArtifactStore {
  /** `local` or `s3`. */
  readonly kind: 'local' | 's3';
  /** Where the bytes are, for messages: a folder, or `s3://bucket/prefix`. */
  readonly location: string;
  exists(hash: string): Promise<boolean>;
  /** Stores `bytes` under their SHA-256 (computed here) unless already present; returns the hash. */
  write(bytes: Uint8Array): Promise<string>;
  /** The bytes of `hash`; with `verify` (always on `s3`), re-hashes them and throws on a mismatch. */
  read(hash: string, options?: { verify?: boolean }): Promise<Buffer>;
  /** A stream of the bytes, for serving large artifacts without holding them in memory. */
  openStream(hash: string): Promise<Readable>;
  /**
   * A time-limited URL a client can fetch the bytes from directly, or undefined when the store has
   * none (local files are served by the server itself).
   */
  presignedUrl(hash: string, options: { mediaType: string; expiresInSeconds?: number }): Promise<string | undefined>;
  /** Deletes leftovers of writers that died mid-write (local temporaries); 0 where there are none. */
  removeStaleTemporaries(olderThanMs?: number, now?: number): Promise<number>;
  /** Releases connections. */
  close(): Promise<void>;
}
