import { z } from 'zod';
import { ParameterSet } from '../parameters/parameter-set';
import type { Backbone } from './backbone';
import { BACKBONE_NAMES, type BackboneName } from './backbone-names';
import { ResNet18 } from './resnet18';
import { SmallCnn } from './small-cnn';

const positiveInt = z.number().int().positive();

/** small-cnn: blocks of conv3×3 → BN → ReLU → max-pool 2. Defaults: 3 channels in, widths [32, 64, 128], pool after the last block. */
export const SmallCnnConfigSchema = z.strictObject({
  inChannels: positiveInt.default(3),
  widths: z.array(positiveInt).min(1).default([32, 64, 128]),
  poolAfterLast: z.boolean().default(true),
});

/**
 * resnet18: defaults 3 channels in, the 'small' stem (3×3 stride 1, for 28–64 px; use 'large' from
 * ≈128 px, see resnetStemFor), widths [64, 128, 256, 512] × 1, two BasicBlocks per stage.
 */
export const ResNet18ConfigSchema = z.strictObject({
  inChannels: positiveInt.default(3),
  stem: z.enum(['large', 'small']).default('small'),
  widths: z.tuple([positiveInt, positiveInt, positiveInt, positiveInt]).default([64, 128, 256, 512]),
  widthMultiplier: z.number().positive().max(16).default(1),
  blocks: z.tuple([positiveInt, positiveInt, positiveInt, positiveInt]).default([2, 2, 2, 2]),
});

export type SmallCnnConfig = z.infer<typeof SmallCnnConfigSchema>;
export type ResNet18Config = z.infer<typeof ResNet18ConfigSchema>;

/** Where a backbone puts its parameters and how it draws them. */
export interface BackboneContext {
  seed: number;
  /** Shared with the method's head so one snapshot holds the whole model; a new set by default. */
  params?: ParameterSet;
  /** Default 'backbone'. */
  prefix?: string;
}

export interface BackboneDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  configSchema: Schema;
  create(config: z.infer<Schema>, context: BackboneContext): Backbone;
}

function define<Schema extends z.ZodType>(definition: BackboneDefinition<Schema>): BackboneDefinition<Schema> {
  return definition;
}

/** Every backbone by name; adding one is one entry here. */
export const BACKBONES = {
  'small-cnn': define({
    name: 'small-cnn',
    description: 'conv3×3 + BN + ReLU + max-pool 2 blocks; total stride 2^blocks',
    configSchema: SmallCnnConfigSchema,
    create: (config, { seed, params, prefix }) => new SmallCnn(config, seed, params ?? new ParameterSet(), prefix ?? 'backbone'),
  }),
  resnet18: define({
    name: 'resnet18',
    description: 'ResNet-18-style: stem + 4 stages of 2 BasicBlocks; total stride 8 (small stem) or 32 (large)',
    configSchema: ResNet18ConfigSchema,
    create: (config, { seed, params, prefix }) => new ResNet18(config, seed, params ?? new ParameterSet(), prefix ?? 'backbone'),
  }),
} as const satisfies Record<BackboneName, BackboneDefinition>;

export { BACKBONE_NAMES, type BackboneName };

/** An unknown backbone name or a config its schema rejects. */
export class BackboneConfigError extends Error {
  override name = 'BackboneConfigError';
}

/** The validated config with every default filled in. */
export function parseBackboneConfig(name: string, config: unknown = {}): { name: BackboneName; config: unknown } {
  if (!(BACKBONE_NAMES as string[]).includes(name)) {
    throw new BackboneConfigError(`unknown backbone '${name}'; use one of: ${BACKBONE_NAMES.join(', ')}`);
  }
  const definition = BACKBONES[name as BackboneName] as BackboneDefinition;
  const result = definition.configSchema.safeParse(config ?? {});
  if (!result.success) throw new BackboneConfigError(`backbone '${name}' config: ${z.prettifyError(result.error)}`);
  return { name: name as BackboneName, config: result.data };
}

/** Builds a backbone by name from a raw (e.g. JSON) config, validated against its schema. */
export function createBackbone(name: string, config: unknown, context: BackboneContext): Backbone {
  const parsed = parseBackboneConfig(name, config);
  return (BACKBONES[parsed.name] as BackboneDefinition).create(parsed.config, context);
}
