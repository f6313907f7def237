import { initEngine } from '@protoscope/engine';
import { explainWithStore } from '../explain/explain-run';
import { parseCheckpointChoice } from '../runs/load-run';
import { parseImageSelection } from '../runs/select-images';
import type { JobContext, JobHandler } from './job-handler';
import { parsePayload } from './job-payload';

/** Heat maps of a trained run for the selected images, stored with the run (see `protoscope explain`). */
export const explainJob: JobHandler = {
  kind: 'explain',
  separateProcess: true,
  async run({ job, store, log, reportProgress, setRun }: JobContext) {
    const payload = parsePayload('explain', job);
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
