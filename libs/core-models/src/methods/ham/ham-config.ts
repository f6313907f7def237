import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/** `ham` config; defaults from the methods reference §6 except where the small inputs here call for others (docs/methods.md). */
export const HamConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** The multi-label task naming each finding (its classes are the per-finding head's outputs). */
  findingsTask: z.string().min(1).default('findings'),
  /** Channels of F, the 3×3 fusion of the last stage with its foreground attention; 0 = the backbone's. */
  featureWidth: z.number().int().min(0).default(0),
  /** Channel-gate reduction of the foreground-attention block. */
  reduction: z.number().int().positive().default(8),
  /** Channel dropout (Dropout2d) on F while training. */
  dropout: z.number().min(0).max(0.9).default(0.1),
  /** LSE pooling sharpness r. */
  lseR: z.number().positive().default(6),
  /** Loss weights: L = abnormal·L_abn + classification·L_cls + box·L_box + bound·L_bound + union·L_union. */
  weights: z
    .strictObject({
      abnormal: z.number().min(0).default(0.01),
      classification: z.number().min(0).default(1),
      box: z.number().min(0).default(0.5),
      bound: z.number().min(0).default(0.001),
      union: z.number().min(0).default(0.001),
    })
    .default({ abnormal: 0.01, classification: 1, box: 0.5, bound: 0.001, union: 0.001 }),
  /** Adam learning rate (the reference's 2e-5 is for an ImageNet-pretrained ResNet-50). */
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  /** Learning rate × gamma every `stepEpochs` epochs (the reference: ×0.1 every 10); 0 disables. */
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type HamConfig = z.infer<typeof HamConfigSchema>;
