const NAMES = ['small-cnn', 'resnet18'] as const;

/**
 * The backbones by name, in registry order. Apart from the registry so that the methods' config
 * schemas can offer them without loading any model; `BACKBONES` in registry.ts must have exactly these keys.
 */
export type BackboneName = (typeof NAMES)[number];
export const BACKBONE_NAMES: BackboneName[] = [...NAMES];
