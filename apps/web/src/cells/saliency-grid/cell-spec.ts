import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const saliencyGridSpecSchema = z.object({
  runs: runIdsBindingSchema,
  /** Explanation methods (columns within each run); empty = every method the runs have maps of. */
  methods: z.array(z.string().min(1)).default([]),
  /** Images (rows); empty = the first `maxImages` images that have maps. */
  imageIds: z.array(z.string().min(1)).default([]),
  maxImages: z.number().int().min(1).max(32).default(4),
  /** Heatmap opacity over the image, 0 (image only) … 1 (heatmap only). */
  opacity: z.number().min(0).max(1).default(0.5),
  /** Draw the ground-truth lesion outline. */
  outline: z.boolean().default(true),
  /** A colour map the server's overlay renderer knows. */
  colormap: z.enum(['jet', 'viridis']).default('jet'),
});

export type SaliencyGridSpec = z.infer<typeof saliencyGridSpecSchema>;

export const saliencyGridDefinition = defineCell<SaliencyGridSpec>({
  type: 'saliency-grid',
  title: 'Saliency grid',
  description: 'Images × explanation methods × runs, heatmaps over the image with opacity and ground-truth outline.',
  schema: saliencyGridSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
