import type { PixelBox } from '../backbones/receptive-field';

/** Where a prototype was projected by a push, and what it looks like there (stored with the run). */
export interface PrototypeRecord {
  prototype: number;
  class: number;
  /** Position of the source image in the push order, and its dataset id when known. */
  imageIndex: number;
  imageId?: string;
  latentH: number;
  latentW: number;
  /** Squared L2 distance from the prototype (before projection) to the chosen patch. */
  distance: number;
  /** Input pixels the chosen latent cell sees. */
  receptiveField: PixelBox;
  /** 95th-percentile box of the bicubically upsampled similarity map on the source image. */
  highActivation: PixelBox;
  /** Similarity map of the prototype (before projection) on its source image, latent resolution, row-major. */
  activationMap: Float32Array;
  mapShape: [number, number];
  /** The projected vector. */
  vector: Float32Array;
  /** True when no distinct image was left for it (diverse push with more prototypes than images). */
  sharedImage: boolean;
  /** The training patches nearest to the pushed prototype, nearest first (when the push records them). */
  nearestPatches?: NearestPatch[];
}

/** A training patch near a prototype: the best cell of one image. */
export interface NearestPatch {
  /** Position of the image in the push order, and its dataset id when known. */
  imageIndex: number;
  imageId?: string;
  /** The image's class. */
  class: number;
  latentH: number;
  latentW: number;
  /** Squared L2 distance from the pushed prototype. */
  distance: number;
  receptiveField: PixelBox;
}
