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
 * then joint with the backbone at 1e-3; shallower prototypes (64); the push after the last epoch with
 * a short last-layer fit at 1e-3.
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
    lastLayerIterations: 3,
    jointStepEpochs: 5,
    learningRates: { backbone: 1e-3, lastLayer: 1e-3 },
  },
};

export const BraixConfigSchema = withSchedule(BraixConfigObject, BRAIX_SCHEDULES);

export type BraixConfig = z.infer<typeof BraixConfigObject>;
