import type { Backbone } from '../backbones/backbone';
import { createBackbone } from '../backbones/registry';
import type { ParameterSet } from '../parameters/parameter-set';
import type { BackboneChoice } from './backbone-choice';

/** Builds the chosen backbone into `params` under `backbone/`, for the dataset's channel count. */
export function buildBackbone(choice: BackboneChoice, inChannels: number, params: ParameterSet, seed: number): Backbone {
  return createBackbone(choice.name, { ...choice.options, inChannels }, { seed, params, prefix: 'backbone' });
}
