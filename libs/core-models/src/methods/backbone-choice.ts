import { z } from 'zod';
import { BACKBONE_NAMES } from '../backbones/backbone-names';

/** Which backbone a method uses and its options (validated again by the backbone's own schema). */
export const BackboneChoiceSchema = z
  .strictObject({
    name: z.enum(BACKBONE_NAMES as [string, ...string[]]).default('small-cnn'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .default({ name: 'small-cnn', options: {} });

export type BackboneChoice = z.infer<typeof BackboneChoiceSchema>;
