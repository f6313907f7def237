import { z } from 'zod';
import { datasetId, flag, options, seed, text } from '../fields';
import { JOB_DEFAULTS } from '../job-bounds';

/** `import-dataset`: what `protoscope data import` takes; the format is checked by the datasets library's registry. */
export const ImportDatasetPayloadSchema = z.strictObject({
  format: text(),
  /** The input the format's reader expects (a folder or file the worker can read; the server queues only paths under its data roots). */
  source: text(),
  /** The dataset's id and folder name; default the reader's manifest id. */
  id: datasetId().optional(),
  /** Reader-specific options, as on the command line (`{"view": "CC"}`). */
  options: options(z.string({ error: 'must be a string' })).default({}),
  skipBad: flag().default(false),
  valFraction: z.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' }).optional(),
  seed: seed().default(JOB_DEFAULTS.seed),
});
export type ImportDatasetPayload = z.infer<typeof ImportDatasetPayloadSchema>;
