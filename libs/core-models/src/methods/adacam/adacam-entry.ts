import type { MethodEntry } from '../method-entry';
import { AdaCamConfigSchema, type AdaCamConfig } from './adacam-config';

/** `adacam` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const adaCamEntry: MethodEntry<AdaCamConfig> = {
  id: 'adacam',
  title: 'AdaCAM: auxiliary 1×1 class-score head, attention-sampled local views of the feature map, global + local loss, views aggregated',
  configSchema: AdaCamConfigSchema,
};
