/**
 * Artifacts: large binary things (checkpoints, heatmaps, prototype patches, activation maps, images)
 * kept content-addressed in an artifact store (files, artifact-files.ts, or an S3 bucket,
 * s3-artifacts.ts) and registered in the `artifacts` table, which
 * the other tables reference by hash. The file is in place before its row is written, so a hash found
 * in the database always has its file.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { assertArtifactHash } from './artifact-files';
import type { StoreContext } from './context';
import { InvalidInputError, UnknownArtifactError } from './errors';
import type { Database } from './schema';

/** What an artifact is; free text, these are the kinds the project writes. */
export type ArtifactKind =
  | 'checkpoint'
  | 'heatmap'
  | 'prototype-patch'
  | 'prototype-vector'
  | 'activation-map'
  | 'image'
  | (string & {});

export interface PutArtifactOptions {
  kind: ArtifactKind;
  /** e.g. `image/png`, `application/octet-stream`, `application/x-npy`. */
  mediaType: string;
}

export interface ArtifactInfo {
  hash: string;
  kind: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: Date;
}

/** Stores `bytes` (idempotently) and returns their SHA-256, the artifact's name from now on. */
export async function putArtifact(ctx: StoreContext, bytes: Uint8Array, options: PutArtifactOptions): Promise<string> {
  if (!ArrayBuffer.isView(bytes) || bytes instanceof DataView) {
    throw new InvalidInputError('putArtifact needs the bytes as a Buffer or Uint8Array');
  }
  if (typeof options?.kind !== 'string' || options.kind.trim() === '') {
    throw new InvalidInputError('putArtifact needs a kind (e.g. "checkpoint", "heatmap")');
  }
  if (typeof options.mediaType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(options.mediaType)) {
    throw new InvalidInputError(
      `putArtifact needs a media type like "image/png" or "application/octet-stream", got ${JSON.stringify(options.mediaType)}`,
    );
  }
  const hash = await ctx.artifacts.write(bytes);
  await ctx.db
    .insertInto('artifacts')
    .values({
      hash,
      kind: options.kind,
      media_type: options.mediaType,
      size_bytes: bytes.byteLength,
      created_at: ctx.now(),
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return hash;
}

/** The bytes of an artifact; `verify` re-hashes them (ArtifactIntegrityError on a mismatch). */
export async function getArtifact(ctx: StoreContext, hash: string, options: { verify?: boolean } = {}): Promise<Buffer> {
  assertArtifactHash(hash);
  return ctx.artifacts.read(hash, options);
}

/** The registered facts about an artifact (kind, media type, size, when first stored). */
/** A stream of the bytes, checked against the hash as they pass; UnknownArtifactError when unregistered. */
export async function artifactStream(ctx: StoreContext, hash: string): Promise<Readable> {
  await artifactInfo(ctx, hash);
  return ctx.artifacts.openStream(hash);
}

/** A presigned URL for a registered artifact, typed with its media type; undefined for local files. */
export async function artifactUrl(ctx: StoreContext, hash: string, options: { expiresInSeconds?: number } = {}): Promise<string | undefined> {
  const info = await artifactInfo(ctx, hash);
  return ctx.artifacts.presignedUrl(hash, { mediaType: info.mediaType, expiresInSeconds: options.expiresInSeconds });
}

export async function artifactInfo(ctx: StoreContext, hash: string): Promise<ArtifactInfo> {
  assertArtifactHash(hash);
  const row = await ctx.db.selectFrom('artifacts').selectAll().where('hash', '=', hash).executeTakeFirst();
  if (!row) throw new UnknownArtifactError(hash, `store ${ctx.displayUrl}`);
  return {
    hash: row.hash,
    kind: row.kind,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    createdAt: new Date(row.created_at),
  };
}

export async function hasArtifact(ctx: StoreContext, hash: string): Promise<boolean> {
  assertArtifactHash(hash);
  const row = await ctx.db.selectFrom('artifacts').select('hash').where('hash', '=', hash).executeTakeFirst();
  return row !== undefined && (await ctx.artifacts.exists(hash));
}

/**
 * Throws UnknownArtifactError for the first hash (of those given, nulls skipped) that is not
 * registered, naming `where` it was referenced from.
 */
export async function assertArtifactsRegistered(
  db: Kysely<Database>,
  displayUrl: string,
  hashes: ReadonlyArray<string | null | undefined>,
  where: string,
): Promise<void> {
  const wanted = [...new Set(hashes.filter((h): h is string => typeof h === 'string'))];
  if (wanted.length === 0) return;
  for (const hash of wanted) assertArtifactHash(hash, `${where}: artifact hash`);
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('artifacts')
      .select('hash')
      .where('hash', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.hash);
  }
  const missing = wanted.find((h) => !found.has(h));
  if (missing) throw new UnknownArtifactError(missing, `store ${displayUrl} (referenced by ${where})`);
}
