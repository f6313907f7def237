import type { MethodEntry } from '../method-entry';
import { BraixConfigSchema, type BraixConfig } from './braix-config';

/** `braix-protopnet-pp` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const braixEntry: MethodEntry<BraixConfig> = {
  id: 'braix-protopnet-pp',
  title: 'BRAIxProtoPNet++ (global + prototype ensemble, distillation, diverse push)',
  configSchema: BraixConfigSchema,
};
