import type { MethodEntry } from '../method-entry';
import { ProcKdConfigSchema, type ProcKdConfig } from './proc-kd-config';

/** `proc-kd` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const procKdEntry: MethodEntry<ProcKdConfig> = {
  id: 'proc-kd',
  title: 'ProC-KD: a teacher of another label space teaches through local prototypes that augment the student’s features (or plain logit distillation)',
  configSchema: ProcKdConfigSchema,
};
