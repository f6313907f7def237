import { z } from 'zod';
import type { Backbone } from '../backbones/backbone';
import { BACKBONE_NAMES, createBackbone } from '../backbones/registry';
import type { ParameterSet } from '../parameters/parameter-set';

/** Which backbone a method uses and its options (validated again by the backbone's own schema). */
export const BackboneChoiceSchema = z
  .strictObject({
    name: z.enum(BACKBONE_NAMES as [string, ...string[]]).default('small-cnn'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .default({ name: 'small-cnn', options: {} });

export type BackboneChoice = z.infer<typeof BackboneChoiceSchema>;

/** Builds the chosen backbone into `params` under `backbone/`, for the dataset's channel count. */
export function buildBackbone(choice: BackboneChoice, inChannels: number, params: ParameterSet, seed: number): Backbone {
  return createBackbone(choice.name, { ...choice.options, inChannels }, { seed, params, prefix: 'backbone' });
}
