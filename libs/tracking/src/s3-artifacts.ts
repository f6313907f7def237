/**
 * Artifacts in an S3-compatible bucket: the object `<prefix>/ab/cdef…` holds the bytes whose SHA-256 is
 * `abcdef…` (the local folder's layout, so a folder can be copied into a bucket as is). A PUT is atomic
 * on every S3 server — readers see the whole object or none — so no temporary names are needed.
 * Every read re-hashes the bytes: the network and the server are outside our control.
 *
 * The client uses path-style addressing and computes checksums only when an operation requires them:
 * many S3-compatible servers reject the SDK's newer default checksums.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { assertArtifactHash, sha256Hex } from './artifact-files';
import type { ArtifactStore } from './artifact-store';
import { ArtifactIntegrityError, ArtifactStoreError, TrackingError, UnknownArtifactError } from './errors';
import { verifyingStream } from './verifying-stream';

export interface S3ArtifactsOptions {
  bucket: string;
  /** Key prefix without leading or trailing `/`; '' for the bucket's root. */
  prefix: string;
  /** e.g. `http://10.0.0.1:9000`; undefined for AWS itself. */
  endpoint?: string;
  region: string;
  /** Explicit keys; otherwise the SDK's chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const DEFAULT_URL_SECONDS = 300;

export class S3Artifacts implements ArtifactStore {
  readonly kind = 's3' as const;
  readonly location: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #endpoint: string;

  constructor(options: S3ArtifactsOptions) {
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.#endpoint = options.endpoint ?? 'AWS';
    this.location = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
    this.#client = makeS3Client(options);
  }

  /** The object key of `hash`. */
  keyOf(hash: string): string {
    assertArtifactHash(hash);
    const tail = `${hash.slice(0, 2)}/${hash.slice(2)}`;
    return this.#prefix ? `${this.#prefix}/${tail}` : tail;
  }

  async exists(hash: string): Promise<boolean> {
    return (await this.#size(hash)) !== undefined;
  }

  async write(bytes: Uint8Array): Promise<string> {
    const hash = sha256Hex(bytes);
    // Content addressing: an object of the right size under this name already holds these bytes.
    if ((await this.#size(hash)) === bytes.byteLength) return hash;
    await this.#call('store', hash, () =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.keyOf(hash),
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          Metadata: { sha256: hash },
        }),
      ),
    );
    return hash;
  }

  async read(hash: string): Promise<Buffer> {
    const body = await this.#body(hash);
    const bytes = Buffer.from(await body.transformToByteArray());
    const actual = sha256Hex(bytes);
    if (actual !== hash) throw new ArtifactIntegrityError(hash, this.#where(hash), actual);
    return bytes;
  }

  async openStream(hash: string): Promise<Readable> {
    const body = await this.#body(hash);
    return verifyingStream(body as unknown as Readable, hash, this.#where(hash));
  }

  async presignedUrl(hash: string, options: { mediaType: string; expiresInSeconds?: number }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.keyOf(hash),
      ResponseContentType: options.mediaType,
      ResponseCacheControl: 'private, max-age=31536000, immutable',
    });
    return getSignedUrl(this.#client, command, { expiresIn: options.expiresInSeconds ?? DEFAULT_URL_SECONDS });
  }

  async removeStaleTemporaries(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  #where(hash: string): string {
    return `s3://${this.#bucket}/${this.keyOf(hash)}`;
  }

  async #size(hash: string): Promise<number | undefined> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.keyOf(hash) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.#failure('look up', hash, error);
    }
  }

  async #body(hash: string) {
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.keyOf(hash) }));
      if (!answer.Body) throw new ArtifactStoreError(`${this.#where(hash)}: the server answered without a body`);
      return answer.Body;
    } catch (error) {
      if (isNotFound(error)) throw new UnknownArtifactError(hash, `the artifact store ${this.location}`);
      throw this.#failure('read', hash, error);
    }
  }

  async #call<T>(what: string, hash: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.#failure(what, hash, error);
    }
  }

  #failure(what: string, hash: string, error: unknown): Error {
    if (error instanceof TrackingError) return error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ArtifactStoreError(
      `could not ${what} artifact ${hash} in ${this.location} (endpoint ${this.#endpoint}): ${detail}`,
      { cause: error },
    );
  }
}

/** A client for any S3-compatible server: path-style addressing, checksums only when required. */
export function makeS3Client(options: Pick<S3ArtifactsOptions, 'endpoint' | 'region' | 'credentials'>): S3Client {
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return new S3Client(config);
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
