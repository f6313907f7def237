/**
 * The explainer ids and evaluation suite names a job may ask for. The registries themselves
 * (`libs/eval/src/explain/registry.ts`, `tools/protoscope/src/application/evaluate/suite-registry.ts`) load tfjs,
 * which the server and this library do not; so the names are listed here, and
 * `tools/protoscope/src/application/worker/job-contract-mirrors.spec.ts` checks that they equal the registries' keys.
 */
export const EXPLAINER_IDS = ['gradcam', 'gradcampp', 'layercam', 'ham', 'mdm', 'rise', 'occlusion', 'ig', 'prototypes', 'prp', 'finding-maps', 'cross-attention'] as const;
export type ExplainerName = (typeof EXPLAINER_IDS)[number];

/** In the order `protoscope evaluate` runs them. */
export const EVALUATION_SUITE_IDS = ['classification', 'localisation', 'faithfulness', 'prototypes', 'shortcut', 'lesions'] as const;
export type EvaluationSuiteName = (typeof EVALUATION_SUITE_IDS)[number];
