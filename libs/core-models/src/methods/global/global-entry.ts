import type { MethodEntry } from '../method-entry';
import { GlobalConfigSchema, type GlobalConfig } from './global-config';

/** `global` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const globalEntry: MethodEntry<GlobalConfig> = {
  id: 'global',
  title: 'Global CNN classifier (backbone + GAP + linear)',
  configSchema: GlobalConfigSchema,
};
