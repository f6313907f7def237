import { z } from 'zod';
import { defineCell } from '../definition';

export const sweepSpecSchema = z.object({
  /** The sweep shown; empty = pick one, or start one from the cell. */
  sweepId: z.string().default(''),
  /** Trial runs picked in the cell (the best one, or all): this cell's `runIds` output. */
  selected: z.array(z.string().min(1)).default([]),
});

export type SweepSpec = z.infer<typeof sweepSpecSchema>;

export const sweepDefinition = defineCell<SweepSpec>({
  type: 'sweep',
  title: 'Sweep',
  description: 'A hyper-parameter sweep: progress, parallel coordinates of the varied params and the metric, the best trial; start one here.',
  schema: sweepSpecSchema,
  inputs: [],
  outputs: [{ name: 'runIds', kind: 'runIds', label: 'picked trial runs', value: (spec) => spec.selected }],
});
