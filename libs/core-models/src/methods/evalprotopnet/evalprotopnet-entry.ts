import type { MethodEntry } from '../method-entry';
import { EvalProtoPNetConfigSchema, type EvalProtoPNetConfig } from './evalprotopnet-config';

/** `evalprotopnet` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const evalProtoPNetEntry: MethodEntry<EvalProtoPNetConfig> = {
  id: 'evalprotopnet',
  title: 'EvalProtoPNet (cosine prototypes, score aggregation, shallow-deep feature alignment)',
  configSchema: EvalProtoPNetConfigSchema,
};
