import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/**
 * Multi-view local co-occurrence + global consistency (methods reference §3). The reference names
 * 8 attention heads and loss = classification + L_GC; the rest is ours and documented here: learning
 * rates 1e-4 for the (shared) backbone — the usual fine-tuning rate, as ProtoPNet's joint phase — and
 * 1e-3 for the freshly initialised heads (projection φ, layer norms, attention, fusion MLP), one joint
 * phase with Adam, no weight decay and no step decay unless asked for.
 */
export const MultiviewConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** Cross-attention heads; the backbone's channel count must be a multiple. */
  heads: z.number().int().positive().default(8),
  /** Width of the fusion MLP's hidden layer; default: the backbone's channel count C. */
  fusionHidden: z.number().int().positive().optional(),
  /** Weight of L_GC in the loss (CE + weight·L_GC). */
  consistencyWeight: z.number().min(0).default(1),
  learningRates: z
    .strictObject({
      backbone: z.number().positive().default(1e-4),
      heads: z.number().positive().default(1e-3),
    })
    .default({ backbone: 1e-4, heads: 1e-3 }),
  weightDecay: z.number().min(0).default(0),
  /** Learning rates × gamma every `stepEpochs` epochs; 0 disables. */
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type MultiviewConfig = z.infer<typeof MultiviewConfigSchema>;
