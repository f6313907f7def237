import { evaluateJob } from './evaluate-job';
import { explainJob } from './explain-job';
import { generateDatasetJob } from './generate-dataset-job';
import { importDatasetJob } from './import-dataset-job';
import type { JobHandler } from './job-handler';
import { trainJob } from './train-job';
import { sweepAdvanceJob } from '../sweep/sweep-advance-job';
import { sweepTrialJob } from '../sweep/sweep-trial-job';

/**
 * The job kinds a worker can do: adding one is one handler file (`<kind>-job.ts` exporting a
 * {@link JobHandler}) and one line here. Jobs of other kinds fail with "no handler".
 */
export const JOB_HANDLERS: readonly JobHandler[] = [trainJob, generateDatasetJob, importDatasetJob, explainJob, evaluateJob, sweepTrialJob, sweepAdvanceJob];

export function jobHandlerFor(kind: string, handlers: readonly JobHandler[] = JOB_HANDLERS): JobHandler | undefined {
  return handlers.find((h) => h.kind === kind);
}
