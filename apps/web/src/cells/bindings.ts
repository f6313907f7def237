import { z } from 'zod';

/**
 * An input's value in a spec: either `fromCell` (the id of a cell whose output of the input's kind
 * feeds it, e.g. a runs-table's selected run ids) or, without it, the literal `runIds`.
 */
export const runIdsBindingSchema = z
  .object({
    fromCell: z.string().min(1).optional(),
    runIds: z.array(z.string().min(1)).default([]),
  })
  .prefault({});

export type RunIdsBinding = z.infer<typeof runIdsBindingSchema>;
