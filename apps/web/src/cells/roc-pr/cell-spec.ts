import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const rocPrSpecSchema = z.object({
  runs: runIdsBindingSchema,
  /** Name of the stored evaluation holding the classification report. */
  evaluation: z.string().min(1).default('classification'),
  /** Only evaluations of this split; empty = the newest of any split. */
  split: z.string().default(''),
  show: z.enum(['both', 'roc', 'pr']).default('both'),
  /** For more than two classes: whose one-vs-rest curves (default class 1). */
  classIndex: z.number().int().min(0).nullable().default(null),
});

export type RocPrSpec = z.infer<typeof rocPrSpecSchema>;

export const rocPrDefinition = defineCell<RocPrSpec>({
  type: 'roc-pr',
  title: 'ROC / PR curves',
  description: 'ROC and precision–recall curves of the runs, from their classification evaluations.',
  schema: rocPrSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
