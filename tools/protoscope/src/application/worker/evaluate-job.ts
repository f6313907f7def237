import { initEngine } from '@protoscope/engine';
import { evaluateWithStore } from '../evaluate/evaluate-run';
import { parseCheckpointChoice } from '../runs/load-run';
import { parseImageSelection } from '../runs/select-images';
import type { JobContext, JobHandler } from './job-handler';
import { parsePayload, payloadDatasetFolder } from './job-payload';

/** Metric suites on a trained run, stored as the run's evaluations (see `protoscope evaluate`). */
export const evaluateJob: JobHandler = {
  kind: 'evaluate',
  separateProcess: true,
  async run({ job, store, log, setRun }: JobContext) {
    const payload = parsePayload('evaluate', job);
    await setRun(payload.runId);
    await initEngine();
    const result = await evaluateWithStore(store, {
      ...payload,
      data: payload.data === undefined ? undefined : await payloadDatasetFolder(store, payload.data),
      images: payload.images ? parseImageSelection(payload.images) : undefined,
      checkpoint: parseCheckpointChoice(payload.checkpoint),
      log,
    });
    return { runId: result.runId, step: result.step, images: result.images, metrics: result.metrics, notes: result.notes };
  },
};
