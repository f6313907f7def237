import type { MethodEntry } from '../method-entry';
import { ProtoPNetConfigSchema, type ProtoPNetConfig } from './protopnet-config';

/** `protopnet` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const protopnetEntry: MethodEntry<ProtoPNetConfig> = {
  id: 'protopnet',
  title: 'ProtoPNet ("this looks like that")',
  configSchema: ProtoPNetConfigSchema,
};
