import { z } from 'zod';
import { ProtoPNetConfigSchema } from '../protopnet/protopnet-config';

/**
 * BRAIxProtoPNet++ (global + prototype ensemble): ProtoPNet's settings plus the global branch, the
 * distillation from it into the prototype branch, and the staged schedule. Defaults follow the public
 * re-implementation (methods reference §2): loss CE_P + CE_G + 0.1·cluster + 0.1·max(0, 10 − sep)
 * + 0.5·KD with margin ω = 0.2, no L1; 3 epochs backbone + global head, 3 epochs prototype head,
 * then joint; each prototype pushed onto a different training image.
 */
export const BraixConfigSchema = ProtoPNetConfigSchema.extend({
  globalEpochs: z.number().int().min(0).default(3),
  prototypeEpochs: z.number().int().min(0).default(3),
  globalLearningRate: z.number().positive().default(1e-3),
  kdWeight: z.number().min(0).default(0.5),
  kdMargin: z.number().default(0.2),
  clusterWeight: z.number().default(0.1),
  separationWeight: z.number().default(0.1),
  separationMargin: z.number().default(10),
  distinctImages: z.enum(['none', 'per-class', 'global']).default('global'),
});

export type BraixConfig = z.infer<typeof BraixConfigSchema>;
