/**
 * Choosing the artifact store: `--artifacts` / `PROTOSCOPE_ARTIFACTS` is a folder (local files, the
 * default beside the store) or `s3://BUCKET[/PREFIX]` with the endpoint from `--s3-endpoint` /
 * `PROTOSCOPE_S3_ENDPOINT` (absent: AWS itself), the region from `PROTOSCOPE_S3_REGION` / `AWS_REGION`
 * (default us-east-1), and keys from the AWS SDK's usual chain (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, profiles, instance roles).
 */
import * as path from 'node:path';
import { ArtifactFiles } from './artifact-files';
import type { ArtifactStore } from './artifact-store';
import { ArtifactStoreError } from './errors';

/** S3's bucket naming rule (lower case, digits, dots and hyphens, 3 to 63 characters). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export interface S3Location {
  bucket: string;
  prefix: string;
}

/** `s3://bucket/some/prefix/` → { bucket, prefix: 'some/prefix' }; a clear error for anything else. */
export function parseS3Location(spec: string): S3Location {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/.exec(spec);
  if (!match) throw new ArtifactStoreError(`artifact location "${spec}" is not s3://BUCKET[/PREFIX]`);
  const [, bucket = '', rawPrefix = ''] = match;
  if (!BUCKET.test(bucket)) {
    throw new ArtifactStoreError(
      `artifact location "${spec}": bucket "${bucket}" is not a valid S3 bucket name (3-63 lower-case letters, digits, "." and "-")`,
    );
  }
  const prefix = rawPrefix.replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && prefix.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new ArtifactStoreError(`artifact location "${spec}": the prefix "${prefix}" has an empty, "." or ".." part`);
  }
  return { bucket, prefix };
}

export function isS3Location(spec: string): boolean {
  return spec.startsWith('s3://');
}

/** The artifact store for `spec` (a folder or an `s3://` location). */
export async function openArtifactStore(spec: string, env: NodeJS.ProcessEnv = process.env): Promise<ArtifactStore> {
  if (!isS3Location(spec)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
      throw new ArtifactStoreError(`artifact location "${spec}": only folders and s3://BUCKET[/PREFIX] are supported`);
    }
    return new ArtifactFiles(path.resolve(spec));
  }
  const { bucket, prefix } = parseS3Location(spec);
  const settings = s3SettingsFromEnv(env);
  // Loaded only when used: the SDK is large, and most stores are local. (A require, not import():
  // the CLI runs the sources through tsx, where import() takes the ESM path and needs extensions.)
  const { S3Artifacts } = require('./s3-artifacts') as typeof import('./s3-artifacts');
  return new S3Artifacts({ bucket, prefix, ...settings });
}

/** How to reach the S3-compatible server: endpoint, region and keys from the environment given. */
export interface S3Settings {
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): S3Settings {
  const endpoint = env.PROTOSCOPE_S3_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new ArtifactStoreError(`S3 endpoint "${endpoint}" (PROTOSCOPE_S3_ENDPOINT / --s3-endpoint) must be an http:// or https:// URL`);
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return {
    endpoint,
    region: env.PROTOSCOPE_S3_REGION || env.AWS_REGION || 'us-east-1',
    // Keys in the environment given (tests, a worker's own env) win; else the SDK's chain finds them.
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}
