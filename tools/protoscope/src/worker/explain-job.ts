import { z } from 'zod';
import { initEngine } from '@protoscope/core-models';
import { explainerIds } from '@protoscope/eval';
import { explainWithStore } from '../explain/explain-run';
import { parseCheckpointChoice } from '../runs/load-run';
import { parseImageSelection } from '../runs/select-images';
import type { JobContext, JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** `explain` payload: what `protoscope explain` takes. */
export const ExplainPayloadSchema = z.strictObject({
  runId: z.string().min(1),
  methods: z.array(z.enum(explainerIds as unknown as [string, ...string[]])).min(1),
  images: z.string().default('split:val'),
  limit: z.number().int().positive().optional(),
  checkpoint: z.string().default('latest'),
  target: z.union([z.enum(['predicted', 'label']), z.number().int().min(0)]).default('predicted'),
  seed: z.number().int().default(0),
});

/** Heat maps of a trained run for the selected images, stored with the run (see `protoscope explain`). */
export const explainJob: JobHandler = {
  kind: 'explain',
  separateProcess: true,
  async run({ job, store, log, reportProgress, setRun }: JobContext) {
    const payload = parsePayload(ExplainPayloadSchema, job);
    await setRun(payload.runId);
    await initEngine();
    let done = 0;
    const result = await explainWithStore(store, {
      ...payload,
      images: parseImageSelection(payload.images),
      checkpoint: parseCheckpointChoice(payload.checkpoint),
      onProgress: (message) => {
        log(message);
        void reportProgress({ fraction: done++ / payload.methods.length, message });
      },
    });
    return result;
  },
};
