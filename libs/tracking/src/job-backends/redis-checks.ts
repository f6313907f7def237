/**
 * What BullMQ needs of its Redis, checked before a backend starts: version 7 or later (what BullMQ 6
 * is tested on), `maxmemory-policy noeviction` (any other policy may evict queue keys under memory
 * pressure and silently lose jobs: refused), and append-only persistence (without it a Redis restart
 * loses what happened since the last snapshot: a warning; the store still has every job's row, which
 * the backend re-queues, but their order and delays are lost).
 */
import type { Redis } from 'ioredis';
import { TrackingError } from '../errors';

/** The queue's Redis is unusable as it is configured. */
export class QueueConfigError extends TrackingError {
  override name = 'QueueConfigError';
}

/** A Redis URL with its password hidden, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

async function configValue(redis: Redis, name: string): Promise<string | undefined> {
  const reply = (await redis.config('GET', name)) as string[];
  return reply[1];
}

/** Throws QueueConfigError when Redis cannot hold a queue safely; returns warnings for what is merely risky. */
export async function checkRedisForQueue(redis: Redis, displayUrl: string): Promise<string[]> {
  const info = await redis.info('server');
  const version = /redis_version:(\d+)\.(\d+)/.exec(info);
  if (version && Number(version[1]) < 7) {
    throw new QueueConfigError(`${displayUrl}: Redis ${version[1]}.${version[2]} is too old for the job queue; use Redis 7 or later`);
  }
  let policy: string | undefined;
  let appendOnly: string | undefined;
  try {
    policy = await configValue(redis, 'maxmemory-policy');
    appendOnly = await configValue(redis, 'appendonly');
  } catch (error) {
    // Some hosted Redis services disable CONFIG: we cannot check, so say so.
    return [`${displayUrl}: could not read the Redis configuration (${error instanceof Error ? error.message : String(error)}); make sure maxmemory-policy is noeviction and appendonly is yes`];
  }
  if (policy !== undefined && policy !== 'noeviction') {
    throw new QueueConfigError(`${displayUrl}: maxmemory-policy is ${policy}; the job queue needs noeviction (set "maxmemory-policy noeviction" in redis.conf) so Redis never drops queued jobs`);
  }
  if (appendOnly === 'no') {
    return [`${displayUrl}: appendonly is off, so a Redis restart loses recent queue changes (set "appendonly yes" in redis.conf); jobs in the store are queued again at worker start`];
  }
  return [];
}
