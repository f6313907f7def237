/**
 * Datasets kept in object storage (`s3://bucket/prefix` locations): readers of images and manifests
 * work on folders, so the objects under the prefix are copied into the dataset's local folder under the
 * data root before first use. Each file is written to a temporary name and renamed, so a reader never
 * sees half a file; files already there with the object's size are kept (datasets do not change once
 * written), so a second fetch only lists.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseS3Location, s3SettingsFromEnv } from './artifact-location';
import { ArtifactStoreError } from './errors';
import { makeS3Client } from './s3-artifacts';

export interface FetchSummary {
  downloaded: number;
  kept: number;
}

export async function fetchDatasetObjects(location: string, folder: string, env: NodeJS.ProcessEnv): Promise<FetchSummary> {
  const { bucket, prefix } = parseS3Location(location);
  const settings = s3SettingsFromEnv(env);
  const client = makeS3Client(settings);
  const summary: FetchSummary = { downloaded: 0, kept: 0 };
  const keyPrefix = prefix ? `${prefix}/` : '';
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        const relative = key.slice(keyPrefix.length);
        if (relative === '' || relative.endsWith('/')) continue;
        if (relative.split('/').some((part) => part === '' || part === '.' || part === '..')) {
          throw new ArtifactStoreError(`dataset ${location}: object "${key}" has a name that cannot be a file under the dataset folder`);
        }
        const target = path.join(folder, ...relative.split('/'));
        const existing = await fs.promises.stat(target).catch(() => undefined);
        if (existing?.isFile() && existing.size === object.Size) {
          summary.kept++;
          continue;
        }
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = await answer.Body!.transformToByteArray();
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        await fs.promises.writeFile(temp, bytes);
        await fs.promises.rename(temp, target);
        summary.downloaded++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    if (error instanceof ArtifactStoreError) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ArtifactStoreError(`could not fetch dataset ${location} (endpoint ${settings.endpoint ?? 'AWS'}) into ${folder}: ${detail}`, {
      cause: error,
    });
  } finally {
    client.destroy();
  }
  if (summary.downloaded + summary.kept === 0) {
    throw new ArtifactStoreError(`dataset ${location} has no objects (endpoint ${settings.endpoint ?? 'AWS'}); upload the dataset folder there first`);
  }
  return summary;
}
