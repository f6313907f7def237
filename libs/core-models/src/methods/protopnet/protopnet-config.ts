import { z } from 'zod';
import { BackboneChoiceSchema } from '../backbone-choice';
import { ScheduleNameSchema, withSchedule, type SchedulePresets } from '../schedule-defaults';

/**
 * ProtoPNet's settings. The defaults below follow the reference implementation (CUB, VGG19): 10
 * prototypes per class of depth 128, warm-up 5 epochs, push every 10 from epoch 10, 20 last-layer
 * epochs after each push, Adam with the learning rates below, StepLR(5, 0.1) on the joint phase, and
 * the loss CE + 0.8·cluster − 0.08·separation + 1e-4·L1. They are the `reference` schedule; a backbone
 * trained from scratch gets PROTOPNET_SCHEDULES['from-scratch'] instead where the config is silent.
 */
export const ProtoPNetConfigObject = z.strictObject({
  backbone: BackboneChoiceSchema,
  /** Whose defaults fill the schedule settings the config leaves out (default: by the backbone, see schedule-defaults.ts). */
  schedule: ScheduleNameSchema.default('reference'),
  prototypesPerClass: z.number().int().positive().default(10),
  prototypeDepth: z.number().int().positive().default(128),
  /** 'regular': 1×1 conv → ReLU → 1×1 conv → sigmoid; 'bottleneck' halves the channels down to the depth first. */
  addOn: z.enum(['regular', 'bottleneck']).default('bottleneck'),
  /** 'log': log((d+1)/(d+ε)); 'linear': −d. */
  similarity: z.enum(['log', 'linear']).default('log'),
  epsilon: z.number().positive().default(1e-4),
  warmupEpochs: z.number().int().min(0).default(5),
  pushStart: z.number().int().min(0).default(10),
  pushEvery: z.number().int().positive().default(10),
  /** Also push after the last epoch (when it is not a push epoch already), so a run ends with the pushed model. */
  pushAtEnd: z.boolean().default(true),
  /** At each push, record each prototype's k nearest training patches (one per image, any class); 0: none. */
  nearestPatches: z.number().int().min(0).max(50).default(5),
  lastLayerIterations: z.number().int().min(0).default(20),
  learningRates: z
    .strictObject({
      backbone: z.number().positive().default(1e-4),
      addOn: z.number().positive().default(3e-3),
      prototypes: z.number().positive().default(3e-3),
      lastLayer: z.number().positive().default(1e-4),
    })
    .default({ backbone: 1e-4, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-4 }),
  weightDecay: z.number().min(0).default(1e-3),
  /**
   * Also train the last layer in the joint phase (at its own rate). The reference trains it only after
   * a push; a backbone learning from scratch needs it earlier to weigh its prototypes.
   */
  jointLastLayer: z.boolean().default(false),
  jointStepEpochs: z.number().int().positive().default(5),
  jointGamma: z.number().positive().max(1).default(0.1),
  coefficients: z
    .strictObject({
      ce: z.number().default(1),
      cluster: z.number().default(0.8),
      separation: z.number().default(-0.08),
      l1: z.number().default(1e-4),
    })
    .default({ ce: 1, cluster: 0.8, separation: -0.08, l1: 1e-4 }),
  /**
   * ProtoPNet's pruning: after epoch `afterEpoch` (null: never), a prototype whose k nearest training
   * images (one best patch each) include fewer than `threshold` of its own class is switched off, then
   * the last layer is refitted.
   */
  prune: z
    .strictObject({
      afterEpoch: z.number().int().min(0).nullable().default(null),
      k: z.number().int().positive().default(6),
      threshold: z.number().int().positive().default(3),
    })
    .default({ afterEpoch: null, k: 6, threshold: 3 }),
  /** Diverse push (each prototype its own source image): 'none' for ProtoPNet. */
  distinctImages: z.enum(['none', 'per-class', 'global']).default('none'),
});

/**
 * From scratch (a randomly initialised backbone): no warm-up, a push after the first epoch, so the
 * prototypes start on real training patches (drawn U(0, 1) they lie far from the sigmoid latent, and
 * the cluster cost, which pulls only each image's nearest prototype, moves one per class: the other
 * nine stay unused until a push makes them match arbitrary patches); then the backbone learns at 2e-3,
 * decayed after 5 joint epochs; shallower prototypes (64); ε 1e-2 (below); the last layer trained in
 * the joint phase too; the push after the last epoch with 10 last-layer passes at 1e-2. Measured in
 * docs/methods.md.
 */
export const PROTOPNET_SCHEDULES: SchedulePresets = {
  reference: {},
  'from-scratch': {
    prototypeDepth: 64,
    // A push puts each prototype at distance 0 of its source patch, where log((d + 1)/(d + ε)) is
    // log(1/ε): 9.2 at the reference's 1e-4 against about 1.5 at the distances training reached, so
    // the last push multiplied the prototypes' evidence and undid the model (val AUC 0.72 → 0.47).
    epsilon: 1e-2,
    // No frozen warm-up: on 64-px mammograms a first push over a random backbone left the model
    // unlearned (val AUC 0.52); pushed after one joint epoch it learns (0.99 before the last push).
    warmupEpochs: 0,
    pushStart: 0,
    // Enough last-layer fitting to take up the last push (3 passes at 1e-3 left 0.97 → 0.88).
    lastLayerIterations: 10,
    // The last layer also learns in the joint phase: with it frozen between pushes the same defaults
    // ended at val AUC 0.909 on the 600 mammograms (still rising), with it 0.958 (PneumoniaMNIST 0.969).
    jointLastLayer: true,
    jointStepEpochs: 5,
    learningRates: { backbone: 2e-3, lastLayer: 1e-2 },
  },
};

export const ProtoPNetConfigSchema = withSchedule(ProtoPNetConfigObject, PROTOPNET_SCHEDULES);

export type ProtoPNetConfig = z.infer<typeof ProtoPNetConfigObject>;
