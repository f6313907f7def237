import { z } from 'zod';
import { checkpointChoice, explanationTarget, imageSelection, knownNames, seed, text, wholeNumber } from '../fields';
import { JOB_BOUNDS, JOB_DEFAULTS } from '../job-bounds';
import { EXPLAINER_IDS } from '../known-names';

/** `explain`: what `protoscope explain` takes. */
export const ExplainPayloadSchema = z.strictObject({
  runId: text(),
  methods: knownNames('explainer', EXPLAINER_IDS),
  images: imageSelection().default(JOB_DEFAULTS.images),
  /** At most this many images, the first ones in manifest order (default all selected). */
  limit: wholeNumber(1, JOB_BOUNDS.maxExplainImages).optional(),
  checkpoint: checkpointChoice().default(JOB_DEFAULTS.checkpoint),
  target: explanationTarget().default(JOB_DEFAULTS.target),
  seed: seed().default(JOB_DEFAULTS.seed),
});
export type ExplainPayload = z.infer<typeof ExplainPayloadSchema>;
