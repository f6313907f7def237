import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const confusionMatrixSpecSchema = z.object({
  runs: runIdsBindingSchema,
  evaluation: z.string().min(1).default('classification'),
  split: z.string().default(''),
  /** `counts` as stored; `rows`: each actual class's row as shares of its cases. */
  normalize: z.enum(['counts', 'rows']).default('counts'),
  /** One matrix per run, for at most this many runs. */
  maxRuns: z.number().int().min(1).max(12).default(4),
});

export type ConfusionMatrixSpec = z.infer<typeof confusionMatrixSpecSchema>;

export const confusionMatrixDefinition = defineCell<ConfusionMatrixSpec>({
  type: 'confusion-matrix',
  title: 'Confusion matrix',
  description: 'Actual × predicted class counts (or row shares) of each run’s classification evaluation.',
  schema: confusionMatrixSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
