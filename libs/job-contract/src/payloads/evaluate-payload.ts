import { z } from 'zod';
import { checkpointChoice, imageSelection, knownNames, seed, text, wholeNumber } from '../fields';
import { JOB_BOUNDS, JOB_DEFAULTS } from '../job-bounds';
import { EVALUATION_SUITE_IDS, EXPLAINER_IDS } from '../known-names';

/** `evaluate`: what `protoscope evaluate` takes. */
export const EvaluatePayloadSchema = z.strictObject({
  runId: text(),
  suites: knownNames('evaluation suite', EVALUATION_SUITE_IDS),
  /** Another dataset to evaluate on (an id, or a folder path; dataset-lookup.ts); default the run's own. */
  data: text().optional(),
  images: imageSelection().optional(),
  limit: wholeNumber(1, JOB_BOUNDS.maxExplainImages).optional(),
  checkpoint: checkpointChoice().default(JOB_DEFAULTS.checkpoint),
  /** Explainers the localisation and faithfulness suites score (default gradcam, and prototypes for prototype models). */
  methods: knownNames('explainer', EXPLAINER_IDS).optional(),
  seed: seed().default(JOB_DEFAULTS.seed),
});
export type EvaluatePayload = z.infer<typeof EvaluatePayloadSchema>;
