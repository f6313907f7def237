import type { MethodEntry } from '../method-entry';
import { MultiviewConfigSchema, type MultiviewConfig } from './multiview-config';

/** `multiview` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const multiviewEntry: MethodEntry<MultiviewConfig> = {
  id: 'multiview',
  title: 'Multi-view CC/MLO: global consistency + local cross-attention co-occurrence',
  inputs: 'view-pair',
  configSchema: MultiviewConfigSchema,
};
