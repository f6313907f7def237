import { z } from 'zod';

/**
 * What augmentation does, each part tunable and off when set to 0. Elastic deformation is off by
 * default: it changes lesion shapes, which matters when shape is the label (spiculated vs round).
 */
export const AugmentConfigSchema = z.object({
  /** Probability of a left–right flip. */
  horizontalFlip: z.number().min(0).max(1).default(0.5),
  /** Probability of an up–down flip. */
  verticalFlip: z.number().min(0).max(1).default(0),
  /** Rotation drawn uniformly in ±rotationDegrees about the centre. */
  rotationDegrees: z.number().min(0).max(180).default(10),
  /** Random crop keeping a side fraction drawn in [cropMinScale, 1], resized back to full size (1 = no crop). */
  cropMinScale: z.number().gt(0).max(1).default(0.9),
  /** Brightness offset drawn in ±brightness (image values are in [0, 1]). */
  brightness: z.number().min(0).max(1).default(0.1),
  /** Contrast factor drawn in 1 ± contrast, about the image mean. */
  contrast: z.number().min(0).max(1).default(0.1),
  elastic: z
    .object({
      enabled: z.boolean().default(false),
      /** Displacement standard deviation in output pixels. */
      alpha: z.number().min(0).default(2),
      /** Control points per side of the smooth displacement grid. */
      grid: z.number().int().min(2).max(32).default(4),
    })
    .default({ enabled: false, alpha: 2, grid: 4 }),
});
export type AugmentConfig = z.infer<typeof AugmentConfigSchema>;
export type AugmentConfigInput = z.input<typeof AugmentConfigSchema>;

/** The defaults (flip, ±10°, crop ≥ 0.9, ±0.1 brightness/contrast, no elastic). */
export function defaultAugmentConfig(): AugmentConfig {
  return AugmentConfigSchema.parse({});
}

/** Nothing at all: the identity. */
export const NO_AUGMENTATION: AugmentConfig = {
  horizontalFlip: 0,
  verticalFlip: 0,
  rotationDegrees: 0,
  cropMinScale: 1,
  brightness: 0,
  contrast: 0,
  elastic: { enabled: false, alpha: 0, grid: 4 },
};
