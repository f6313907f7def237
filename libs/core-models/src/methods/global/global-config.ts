import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/** `global`: backbone → global average pooling → linear classifier (the "global model" of the seeds). */
export const GlobalConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** Adam learning rate of every layer. */
  learningRate: z.number().positive().default(1e-3),
  /** L2 penalty on every weight (Adam's weight decay). */
  weightDecay: z.number().min(0).default(1e-4),
  /** Learning rate × gamma every `stepEpochs` epochs; 0 disables. */
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type GlobalConfig = z.infer<typeof GlobalConfigSchema>;
