import { z } from 'zod';
import { initEngine } from '@protoscope/core-models';
import { evaluateWithStore } from '../evaluate/evaluate-run';
import { suiteIds } from '../evaluate/suite-registry';
import { parseCheckpointChoice } from '../runs/load-run';
import { parseImageSelection } from '../runs/select-images';
import type { JobContext, JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** `evaluate` payload: what `protoscope evaluate` takes. */
export const EvaluatePayloadSchema = z.strictObject({
  runId: z.string().min(1),
  suites: z.array(z.enum(suiteIds as [string, ...string[]])).min(1),
  data: z.string().min(1).optional(),
  images: z.string().optional(),
  limit: z.number().int().positive().optional(),
  checkpoint: z.string().default('latest'),
  methods: z.array(z.string().min(1)).optional(),
  seed: z.number().int().default(0),
});

/** Metric suites on a trained run, stored as the run's evaluations (see `protoscope evaluate`). */
export const evaluateJob: JobHandler = {
  kind: 'evaluate',
  separateProcess: true,
  async run({ job, store, log, setRun }: JobContext) {
    const payload = parsePayload(EvaluatePayloadSchema, job);
    await setRun(payload.runId);
    await initEngine();
    const result = await evaluateWithStore(store, {
      ...payload,
      images: payload.images ? parseImageSelection(payload.images) : undefined,
      checkpoint: parseCheckpointChoice(payload.checkpoint),
      log,
    });
    return { runId: result.runId, step: result.step, images: result.images, metrics: result.metrics, notes: result.notes };
  },
};
