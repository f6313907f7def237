import { z } from 'zod';
import { datasetId, options, seed, text, wholeNumber } from '../fields';
import { JOB_BOUNDS, JOB_DEFAULTS } from '../job-bounds';

/** `generate-dataset`: what `protoscope data generate` takes; the generator is checked by the datasets library's registry. */
export const GenerateDatasetPayloadSchema = z
  .strictObject({
    generator: text(),
    n: wholeNumber(1, JOB_BOUNDS.maxImages),
    seed: seed().default(JOB_DEFAULTS.seed),
    size: wholeNumber(JOB_BOUNDS.minImageSize, JOB_BOUNDS.maxImageSize).default(JOB_DEFAULTS.generatedImageSize),
    /** The dataset's id and folder name; default the generator's (`<generator>-seed<S>-n<N>-<size>px`). */
    id: datasetId().optional(),
    /** Generator-specific options, as on the command line (`{"normal-fraction": 0.5}`). */
    options: options(z.union([z.string(), z.number()], { error: 'must be a string or a number' })).default({}),
  })
  .refine((p) => p.n * p.size * p.size <= JOB_BOUNDS.maxDatasetPixels, {
    // Only once n and size are each in range: one complaint per mistake.
    when: (payload) => payload.issues.length === 0,
    error: (issue) => {
      const { n, size } = issue.input as { n: number; size: number };
      return `n × size² = ${n * size * size} pixels is more than the limit of ${JOB_BOUNDS.maxDatasetPixels}; generate fewer or smaller images`;
    },
  });
export type GenerateDatasetPayload = z.infer<typeof GenerateDatasetPayloadSchema>;
