/**
 * @protoscope/core-models/catalogue: the training methods as a client sees them (ids, titles, inputs,
 * config schemas with their defaults) without loading tfjs or any model. The server reads this entry
 * point; `@protoscope/core-models` itself loads tfjs and every model.
 */
export * from './methods/catalogue';
export { MethodConfigError } from './methods/method-config-error';
export type { MethodEntry, MethodInputs } from './methods/method-entry';
export { BACKBONE_NAMES, type BackboneName } from './backbones/backbone-names';
