import { z } from 'zod';
import { runIdsBindingSchema } from '../bindings';
import { defineCell } from '../definition';

export const prototypeGallerySpecSchema = z.object({
  runs: runIdsBindingSchema,
  /** Galleries for at most this many runs (prototypes are many images). */
  maxRuns: z.number().int().min(1).max(8).default(1),
  /** Prototypes shown per class, lowest index first. */
  perClass: z.number().int().min(1).max(50).default(4),
  showActivation: z.boolean().default(true),
  /** Nearest training patches shown per prototype (recorded at the push; 0 hides them). */
  nearest: z.number().int().min(0).max(10).default(3),
});

export type PrototypeGallerySpec = z.infer<typeof prototypeGallerySpecSchema>;

export const prototypeGalleryDefinition = defineCell<PrototypeGallerySpec>({
  type: 'prototype-gallery',
  title: 'Prototype gallery',
  description: 'Per class: each prototype’s patch, its source image with the patch’s box, its activation map and its nearest training patches.',
  schema: prototypeGallerySpecSchema,
  inputs: [{ field: 'runs', kind: 'runIds', label: 'Runs' }],
  outputs: [],
});
