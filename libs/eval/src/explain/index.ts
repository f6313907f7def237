/**
 * Explanations: every method answers `attribute(images, {target, …})` with heat maps at input
 * resolution (as Captum's `attribute`), and `createExplainer(id, model)` picks one by id.
 */
export * from './explainer';
export * from './errors';
export * from './explainable-model';
export * from './targets';
export * from './batches';
export * from './upsample-normalise';
export * from './gauss-legendre';
export * from './gaussian-blur';
export * from './base-cam';
export * from './gradcam';
export * from './gradcampp';
export * from './layercam';
export * from './ham';
export * from './integrated-gradients';
export * from './occlusion';
export * from './rise';
export * from './mdm';
export * from './prototype-activation';
export * from './prp';
export * from './this-looks-like-that';
export * from './finding-maps';
export * from './cross-attention-map';
export * from './registry';
