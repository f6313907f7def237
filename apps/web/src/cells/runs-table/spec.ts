import { z } from 'zod';
import { defineCell } from '../definition';

export const runsTableSpecSchema = z.object({
  /** A RunFilter of the GraphQL schema, applied by the server (AND/OR/NOT, IN, ranges on params and metrics). */
  filter: z.record(z.string(), z.unknown()).default({}),
  /** Client-side narrowing of the rows shown: words, `column:text`, `column>number`. */
  search: z.string().default(''),
  sort: z
    .object({ column: z.string().min(1), descending: z.boolean().default(false) })
    .nullable()
    .default({ column: 'createdAt', descending: true }),
  /** Columns to show (`name`, `params.<key>`, `metrics.<key>`); empty = name, method, status, seed, the params that differ and every metric. */
  columns: z.array(z.string().min(1)).default([]),
  /** The runs ticked in the table: this cell's `runIds` output. */
  selected: z.array(z.string().min(1)).default([]),
  limit: z.number().int().min(1).max(500).default(100),
});

export type RunsTableSpec = z.infer<typeof runsTableSpecSchema>;

export const runsTableDefinition = defineCell<RunsTableSpec>({
  type: 'runs-table',
  title: 'Runs table',
  description: 'Runs matching a filter, sortable; the ticked rows feed charts and other cells.',
  schema: runsTableSpecSchema,
  inputs: [],
  outputs: [{ name: 'runIds', kind: 'runIds', label: 'selected runs', value: (spec) => spec.selected }],
});
