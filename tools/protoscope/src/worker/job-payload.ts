import { z } from 'zod';
import type { Job } from '@protoscope/tracking';
import { JobPayloadError } from './job-handler';

/** Checks a job's payload against its kind's schema; the error names every wrong field. */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, job: Job): z.infer<Schema> {
  const result = schema.safeParse(job.payload);
  if (!result.success) throw new JobPayloadError(`job ${job.id} (${job.kind}): invalid payload: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  return result.data;
}
