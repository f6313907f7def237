import type { MethodEntry } from '../method-entry';
import { LesionLinkedConfigSchema, type LesionLinkedConfig } from './lesion-linked-config';

/** `lesion-linked` as the catalogue lists it and its method definition spreads it (see method-entry.ts). */
export const lesionLinkedEntry: MethodEntry<LesionLinkedConfig> = {
  id: 'lesion-linked',
  title: 'Lesion-linked grading: one activation map per lesion type, presences from the maps, grade from the presences by a monotone rule',
  configSchema: LesionLinkedConfigSchema,
};
