import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/** `lesion-linked` config (methods reference §10: the paper leaves pooling and rule open; choices in docs/methods.md). */
export const LesionLinkedConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** The multi-label task of image-level lesion presences (one activation map per class). */
  findingsTask: z.string().min(1).default('lesions'),
  /**
   * Severity of each lesion type (1 … grades − 1): the grade is the highest severity present. Default:
   * fundus-lesions' rule (drusen 1, haemorrhage 2, exudate 3, scar 4); a lesion type not listed here
   * is an error, so a dataset with other lesions must give its own.
   */
  severity: z.record(z.string(), z.number().int().positive()).default({ drusen: 1, haemorrhage: 2, exudate: 3, scar: 4 }),
  /** LSE pooling sharpness turning a lesion map into its presence logit. */
  lseR: z.number().positive().default(10),
  /** Weight of the grade's negative log-likelihood (through the rule) beside the presences' BCE. */
  gradeWeight: z.number().min(0).default(1),
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type LesionLinkedConfig = z.infer<typeof LesionLinkedConfigSchema>;
