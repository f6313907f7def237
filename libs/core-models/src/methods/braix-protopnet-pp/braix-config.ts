import { z } from 'zod';
import { ProtoPNetConfigObject } from '../protopnet/protopnet-config';
import { withSchedule, type SchedulePresets } from '../schedule-defaults';

/**
 * BRAIxProtoPNet++ (global + prototype ensemble): ProtoPNet's settings plus the global branch, the
 * distillation from it into the prototype branch, and the staged schedule. Defaults follow the public
 * re-implementation (methods reference §2): loss CE_P + CE_G + 0.1·cluster + 0.1·max(0, 10 − sep)
 * + 0.5·KD with margin ω = 0.2, no L1; 3 epochs backbone + global head, 3 epochs prototype head,
 * then joint; each prototype pushed onto a different training image. These are the `reference`
 * schedule; a backbone trained from scratch gets BRAIX_SCHEDULES['from-scratch'] where the config is silent.
 */
export const BraixConfigObject = ProtoPNetConfigObject.extend({
  globalEpochs: z.number().int().min(0).default(3),
  prototypeEpochs: z.number().int().min(0).default(3),
  globalLearningRate: z.number().positive().default(1e-3),
  kdWeight: z.number().min(0).default(0.5),
  kdMargin: z.number().default(0.2),
  clusterWeight: z.number().default(0.1),
  separationWeight: z.number().default(0.1),
  separationMargin: z.number().default(10),
  distinctImages: z.enum(['none', 'per-class', 'global']).default('global'),
});

/**
 * From scratch: 2 epochs of backbone + global head at 2e-3 and a push after them (prototypes start on
 * real training patches, as ProtoPNet's from-scratch schedule explains), 1 epoch of the prototype head,
 * then joint with the backbone at 2e-3, decayed after 5 epochs; shallower prototypes (64); ProtoPNet's
 * cluster and separation weights (0.8, 0.08); after a push 10 last-layer passes at 1e-2.
 *
 * Measured on 600 64-px mammograms, 10 epochs (docs/methods.md): with the reference weights 0.1 and
 * 0.1 the prototype branch stayed at chance (CE_P at ln 3, the cluster cost at 4–5 all along: the
 * separation hinge pushed the latent away from every prototype as hard as the cluster cost pulled it
 * to its own), so the ensemble was the global branch diluted by noise, and the push after the last
 * epoch, which changes only the prototype branch, took it from 0.96 to 0.79. With 0.8 and 0.08 the
 * prototype branch learns (0.98) and the last push no longer lowers the ensemble (0.958 → 0.980); the
 * 3 last-layer passes at 1e-3 moved the last layer by at most 0.04 per weight, too little to take up a
 * push.
 */
export const BRAIX_SCHEDULES: SchedulePresets = {
  reference: {},
  'from-scratch': {
    prototypeDepth: 64,
    // Bounds a pushed prototype's similarity at its source patch (see PROTOPNET_SCHEDULES).
    epsilon: 0.1,
    pushStart: 1,
    globalEpochs: 2,
    prototypeEpochs: 1,
    globalLearningRate: 2e-3,
    clusterWeight: 0.8,
    separationWeight: 0.08,
    lastLayerIterations: 10,
    jointStepEpochs: 5,
    learningRates: { backbone: 2e-3, lastLayer: 1e-2 },
  },
};

export const BraixConfigSchema = withSchedule(BraixConfigObject, BRAIX_SCHEDULES);

export type BraixConfig = z.infer<typeof BraixConfigObject>;
