import { z } from 'zod';
import { text, wholeNumber } from '../fields';
import { JOB_BOUNDS, JOB_DEFAULTS } from '../job-bounds';
import { trainingFields } from './train-payload';

/** Which trial of which sweep a `sweep-trial` job trains. */
export const SweepTrialFieldSchema = z.strictObject({ id: text(), trial: wholeNumber(0), rung: wholeNumber(0) });

/** `sweep-trial`: a training of the trial's run, planned by the sweep's controller; epochs as the store bounds a sweep's. */
export const SweepTrialPayloadSchema = z.strictObject({
  ...trainingFields,
  epochs: wholeNumber(1, JOB_BOUNDS.maxTrialEpochs).default(JOB_DEFAULTS.epochs),
  sweep: SweepTrialFieldSchema,
});
export type SweepTrialPayload = z.infer<typeof SweepTrialPayloadSchema>;

/** A sweep's training settings, as each of its trials will carry them. */
export interface SweepTrialSettings {
  method: string;
  data: string;
  seed?: number | null;
  batchSize?: number | null;
  size?: number | null;
  checkpointEvery?: number | null;
  config?: unknown;
}

/**
 * The `sweep-trial` payload a trial of these settings will get, before the sweep exists: a sweep is
 * checked with it (by the graph and the CLI alike) so one whose trials the worker would refuse is never stored.
 */
export function plannedTrialPayload(settings: SweepTrialSettings): SweepTrialSettings & { sweep: z.input<typeof SweepTrialFieldSchema> } {
  return { ...settings, sweep: { id: 'planned', trial: 0, rung: 0 } };
}
