import { createGradCam } from './gradcam';
import { createGradCamPlusPlus } from './gradcampp';
import { createCrossAttentionMap, type CrossAttentionOptions } from './cross-attention-map';
import { UnknownExplainerError } from './errors';
import { createFindingMaps, type FindingMapOptions } from './finding-maps';
import type { ExplainableModel, Explainer } from './explainer';
import { createHam, type HamOptions } from './ham';
import { createIntegratedGradients, type IntegratedGradientsOptions } from './integrated-gradients';
import { createLayerCam } from './layercam';
import { createMdm, type MdmOptions } from './mdm';
import { createOcclusion, type OcclusionOptions } from './occlusion';
import { createPrototypeActivationExplainer, type PrototypeActivationOptions } from './prototype-activation';
import { createPrp, type PrpOptions } from './prp';
import { createRise, type RiseOptions } from './rise';

/** Each method's own settings (beyond `AttributeOptions`), by id. */
export interface ExplainerOptionsById {
  gradcam: Record<string, never>;
  gradcampp: Record<string, never>;
  layercam: Record<string, never>;
  ham: HamOptions;
  mdm: MdmOptions;
  rise: RiseOptions;
  occlusion: OcclusionOptions;
  ig: IntegratedGradientsOptions;
  prototypes: PrototypeActivationOptions;
  prp: PrpOptions;
  'finding-maps': FindingMapOptions;
  'cross-attention': CrossAttentionOptions;
}

export type ExplainerId = keyof ExplainerOptionsById;

const FACTORIES: { [Id in ExplainerId]: (model: ExplainableModel, options: ExplainerOptionsById[Id]) => Explainer } = {
  gradcam: (model) => createGradCam(model),
  gradcampp: (model) => createGradCamPlusPlus(model),
  layercam: (model) => createLayerCam(model),
  ham: createHam,
  mdm: createMdm,
  rise: createRise,
  occlusion: createOcclusion,
  ig: createIntegratedGradients,
  prototypes: createPrototypeActivationExplainer,
  prp: createPrp,
  'finding-maps': createFindingMaps,
  'cross-attention': createCrossAttentionMap,
};

/** Every explanation method's id (the values of `protoscope explain --methods`). */
export const explainerIds = Object.keys(FACTORIES) as readonly ExplainerId[];

export function isExplainerId(id: string): id is ExplainerId {
  return Object.prototype.hasOwnProperty.call(FACTORIES, id);
}

/**
 * The explanation method `id` for `model`, with its settings (each method documents its defaults).
 * Throws `UnknownExplainerError` (listing the ids) for an unknown id, and `UnsupportedModelError` when a
 * method needs something the model lacks (HAM a pooled linear head, prototypes a prototype layer).
 */
export function createExplainer<Id extends ExplainerId>(id: Id, model: ExplainableModel, options?: ExplainerOptionsById[Id]): Explainer;
export function createExplainer(id: string, model: ExplainableModel, options?: object): Explainer;
export function createExplainer(id: string, model: ExplainableModel, options: object = {}): Explainer {
  if (!isExplainerId(id)) throw new UnknownExplainerError(id, explainerIds);
  return (FACTORIES[id] as (model: ExplainableModel, options: object) => Explainer)(model, options);
}
