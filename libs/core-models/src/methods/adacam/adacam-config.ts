import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/** `adacam` config. The paper gives no K, R or sampling rule (methods reference §8); these defaults are ours (docs/methods.md). */
export const AdaCamConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** K: high-attention locations per image. */
  locations: z.number().int().positive().default(3),
  /** R region sizes, in feature-map cells (square windows centred on a location, shifted inside the map at the borders). */
  regionSizes: z.array(z.number().int().positive()).min(1).default([1, 3]),
  /**
   * How locations are picked from the AdaCAM attention: 'top' = the K highest cells, each at least
   * `suppression` + 1 cells (Chebyshev) from those picked before; 'proportional' = while training, K
   * distinct cells drawn with probability ∝ softmax(attention / temperature) (seeded by the batch),
   * 'top' at inference.
   */
  sampling: z.enum(['top', 'proportional']).default('top'),
  suppression: z.number().int().min(0).default(1),
  temperature: z.number().positive().default(1),
  /** Weight of the local views' loss: L = L_global + localWeight · L_local. */
  localWeight: z.number().min(0).default(1),
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type AdaCamConfig = z.infer<typeof AdaCamConfigSchema>;
