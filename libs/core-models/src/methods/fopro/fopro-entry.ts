import type { MethodEntry } from '../method-entry';
import { FoProConfigSchema, type FoProConfig } from './fopro-config';

/** `fopro` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const foProEntry: MethodEntry<FoProConfig> = {
  id: 'fopro',
  title: 'FoPro: few-shot guided prototypes for noisy web data (momentum encoder, realistic prototypes, relation module, cleaning)',
  configSchema: FoProConfigSchema,
};
