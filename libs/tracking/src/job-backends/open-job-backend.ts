/**
 * Chooses the job backend from a queue setting: none or `embedded` → the store's own queue;
 * `redis://…` / `rediss://…` → BullMQ on that Redis. The setting is `--queue` on the commands that
 * enqueue or work, else `PROTOSCOPE_QUEUE`.
 */
import { InvalidInputError } from '../errors';
import type { Store } from '../store';
import { openBullmqBackend, type BullmqBackendOptions } from './bullmq-backend';
import { EmbeddedJobBackend } from './embedded-backend';
import type { JobBackend } from './job-backend';

export const QUEUE_VARIABLE = 'PROTOSCOPE_QUEUE';

export interface OpenJobBackendOptions extends Omit<BullmqBackendOptions, 'url'> {
  /** Default `PROTOSCOPE_QUEUE`, else embedded. */
  queue?: string;
  env?: NodeJS.ProcessEnv;
}

/** The queue setting in effect: the flag, else PROTOSCOPE_QUEUE, else `embedded`. */
export function queueSetting(queue: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const value = (queue ?? env[QUEUE_VARIABLE] ?? '').trim();
  return value === '' ? 'embedded' : value;
}

export async function openJobBackend(store: Store, options: OpenJobBackendOptions = {}): Promise<JobBackend> {
  const queue = queueSetting(options.queue, options.env);
  if (queue === 'embedded') return new EmbeddedJobBackend(store);
  if (/^rediss?:\/\//.test(queue)) return openBullmqBackend(store, { ...options, url: queue });
  throw new InvalidInputError(`queue "${queue}" is neither "embedded" nor a redis://HOST:PORT URL`);
}
