import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/**
 * `proc-kd` config. The paper gives only the two modules' roles (methods reference §9); the module
 * shapes, losses and defaults here are ours (docs/methods.md).
 */
export const ProcKdConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** The teacher: id (or unique prefix) of a trained run, with the same input shape and any label space. */
  teacher: z.string({ error: "proc-kd needs a teacher run: --config '{\"teacher\": \"<run id>\"}'" }).min(1),
  /**
   * 'prototype': ProC-KD — local prototypes learnt from the teacher's feature map augment the
   * student's features; 'logit': the plain baseline — an extra student head learns the teacher's
   * softened class distribution (Hinton's KD across label spaces).
   */
  distillation: z.enum(['prototype', 'logit']).default('prototype'),
  /** Local prototypes M, in the teacher's feature space. */
  prototypes: z.number().int().positive().default(16),
  /** Temperature of the soft assignment of a feature cell to the prototypes (softmax of cosine / τ). */
  assignmentTemperature: z.number().positive().default(0.1),
  /** Weight of the prototype loss (teacher cells close to the prototypes they are assigned to). */
  prototypeWeight: z.number().min(0).default(1),
  /** Weight of the alignment loss (student cells assigned to the prototypes as the teacher's are). */
  alignWeight: z.number().min(0).default(1),
  /** Logit distillation: temperature and weight of τ²·KL(teacher ‖ student head). */
  kdTemperature: z.number().positive().default(4),
  kdWeight: z.number().min(0).default(1),
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type ProcKdConfig = z.infer<typeof ProcKdConfigSchema>;
