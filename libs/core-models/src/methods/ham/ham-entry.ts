import type { MethodEntry } from '../method-entry';
import { HamConfigSchema, type HamConfig } from './ham-config';

/** `ham` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const hamEntry: MethodEntry<HamConfig> = {
  id: 'ham',
  title: 'HAM: foreground attention, LSE pooling, abnormal + per-finding heads, box and ordinal attention constraints',
  configSchema: HamConfigSchema,
};
