import { z } from 'zod';
import type { RunFilter } from '../../graphql/generated/graphql';
import { defineCell } from '../definition';

export const runsTableSpecSchema = z.object({
  /**
   * The schema's RunFilter input, sent as the runs query's `filter` (AND/OR/NOT, IN, ranges on params
   * and metrics). Only its being an object is checked here: the server checks the rest and the cell
   * shows its error, which names the part of the filter that is wrong.
   */
  filter: z
    .custom<RunFilter>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { message: 'filter must be a JSON object (a RunFilter)' })
    .default({}),
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
