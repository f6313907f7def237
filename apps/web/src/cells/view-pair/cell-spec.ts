import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const viewPairSpecSchema = z.object({
  /** The two-view run shown (the first of the bound runs). */
  runs: runIdsBindingSchema,
  /** The explainer whose per-view maps are shown (gradcam, layercam, …). */
  method: z.string().min(1).default('gradcam'),
  /** One image of the pair; empty = the first image with maps of `method`. */
  imageId: z.string().default(''),
  /**
   * The point last clicked: the image it was clicked on and where (pixels). The other view shows the
   * cross-attention map from the stored query point nearest to it; null = from the whole view.
   */
  query: z.object({ imageId: z.string().min(1), x: z.number().min(0), y: z.number().min(0) }).nullable().default(null),
  opacity: z.number().min(0).max(1).default(0.5),
  outline: z.boolean().default(true),
  colormap: z.enum(['jet', 'viridis']).default('jet'),
});

export type ViewPairSpec = z.infer<typeof viewPairSpecSchema>;

export const viewPairDefinition = defineCell<ViewPairSpec>({
  type: 'view-pair',
  title: 'View pair',
  description: "A two-view run's CC and MLO images side by side with their maps; click a view to see where the model looks in the other.",
  schema: viewPairSpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
