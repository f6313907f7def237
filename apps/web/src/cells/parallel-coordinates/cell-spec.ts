import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const parallelCoordinatesSpecSchema = z.object({
  runs: runIdsBindingSchema,
  /**
   * Dotted config keys, one axis each; empty = the method (when the runs differ in it) and every key
   * whose value differs between the runs that have it (seed included).
   */
  params: z.array(z.string().min(1)).default([]),
  /** The metric on the last axis and in the line colour (its latest value); empty = val/auc, else the first metric key. */
  metric: z.string().default(''),
});

export type ParallelCoordinatesSpec = z.infer<typeof parallelCoordinatesSpecSchema>;

export const parallelCoordinatesDefinition = defineCell<ParallelCoordinatesSpec>({
  type: 'parallel-coordinates',
  title: 'Parallel coordinates',
  description: 'Each run a line through its params to a metric: which settings go with good scores.',
  schema: parallelCoordinatesSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
