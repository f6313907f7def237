import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const metricChartSpecSchema = z.object({
  runs: runIdsBindingSchema,
  /** Metric keys, one chart each; empty = every key the runs share. */
  metrics: z.array(z.string().min(1)).default([]),
  /** Draw runs that differ only by seed as one mean line with a ± std band. */
  groupBySeeds: z.boolean().default(false),
  logY: z.boolean().default(false),
});

export type MetricChartSpec = z.infer<typeof metricChartSpecSchema>;

export const metricChartDefinition = defineCell<MetricChartSpec>({
  type: 'metric-chart',
  title: 'Metric chart',
  description: 'Metric lines over steps per run; seeds of one configuration as mean ± std bands.',
  schema: metricChartSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
