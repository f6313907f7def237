import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';

/**
 * `fopro` config (methods reference §7). Thresholds and loss weights are the reference code's; the
 * sizes (projection, queue, momentum, epochs) are scaled to datasets of a few hundred images —
 * docs/methods.md says which and why.
 */
export const FoProConfigSchema = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** The split of trusted clean images (few-shot set) trained on with `train`. */
  fewShotSplit: z.string().min(1).default('few-shot'),
  /** Hidden width of the projection MLP (feature → hidden → `embeddingDim`, L2-normalised). */
  projectionHidden: z.number().int().positive().default(128),
  /** Width of the low-dimensional embedding the prototypes, the queue and the cosine classifier live in. */
  embeddingDim: z.number().int().positive().default(64),
  /** Hidden width of the relation module MLP(concat[z, P_c] → hidden → 1). */
  relationHidden: z.number().int().positive().default(64),
  /** Momentum of the key encoder: θ_k ← m·θ_k + (1 − m)·θ_q after every step. */
  momentum: z.number().min(0).max(1).default(0.9),
  /** Keys kept as InfoNCE negatives (the contrastive queue). */
  queueSize: z.number().int().positive().default(256),
  /** InfoNCE temperature. */
  contrastTemperature: z.number().positive().default(0.1),
  /** Prototype logits are z·P_cᵀ / this temperature. */
  prototypeTemperature: z.number().positive().default(0.1),
  /** Additive margin subtracted from a few-shot image's target logit (prototype and cosine classifiers). */
  margin: z.number().min(0).default(0.5),
  /** Scale s of the low-dimensional cosine classifier: logits = s·(cos − margin at the target). */
  cosineScale: z.number().positive().default(10),
  /** Epochs of warm-up on the given labels; the realistic prototypes are built at the end of the last one. */
  warmupEpochs: z.number().int().min(1).default(2),
  /** From this epoch on the relation module's scores decide the cleaning (before: the soft target). */
  relationFromEpoch: z.number().int().min(1).default(6),
  /** Soft target = alpha·softmax(classifier) + (1 − alpha)·softmax(prototype logits). */
  alpha: z.number().min(0).max(1).default(0.5),
  /** τ: relabel to the argmax when the highest (soft or relation) score exceeds it. */
  relabelThreshold: z.number().min(0).max(1).default(0.8),
  /** Prototype polishing: P_y ← polish·P_y + (1 − polish)·z_k for every clean sample, then re-normalised. */
  polish: z.number().min(0).max(1).default(0.999),
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  stepEpochs: z.number().int().min(0).default(0),
  gamma: z.number().positive().max(1).default(0.1),
});

export type FoProConfig = z.infer<typeof FoProConfigSchema>;
