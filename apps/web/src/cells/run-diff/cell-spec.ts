import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const runDiffSpecSchema = z.object({
  runs: runIdsBindingSchema,
  /** The run the others are compared with; empty = the first run. */
  baseline: z.string().default(''),
  /** Metric keys to compare; empty = every key any of the runs logged. */
  metrics: z.array(z.string().min(1)).default([]),
});

export type RunDiffSpec = z.infer<typeof runDiffSpecSchema>;

export const runDiffDefinition = defineCell<RunDiffSpec>({
  type: 'run-diff',
  title: 'Run diff',
  description: 'What differs between runs: config values side by side, latest metrics as deltas from a baseline.',
  schema: runDiffSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
