import { z } from 'zod';
import { defaultSchedule, fillSchedule, withSchedule, type SchedulePresets } from './schedule-defaults';
import { PROTOPNET_SCHEDULES, ProtoPNetConfigSchema } from './protopnet/protopnet-config';

const presets: SchedulePresets = {
  reference: {},
  'from-scratch': { warmupEpochs: 0, learningRates: { backbone: 2e-3, lastLayer: 1e-2 } },
};

describe('schedule defaults', () => {
  it('gives every backbone the from-scratch schedule while none loads pretrained weights (docs/methods.md)', () => {
    expect(defaultSchedule()).toBe('from-scratch');
    for (const backbone of [undefined, { name: 'small-cnn' }, { name: 'resnet18' }]) {
      expect(ProtoPNetConfigSchema.parse(backbone ? { backbone } : {}).schedule).toBe('from-scratch');
    }
  });

  it('fills only what the config leaves out, nested learning rates key by key', () => {
    expect(fillSchedule(undefined, presets)).toEqual({ schedule: 'from-scratch', warmupEpochs: 0, learningRates: { backbone: 2e-3, lastLayer: 1e-2 } });
    expect(fillSchedule({ warmupEpochs: 3, learningRates: { backbone: 5e-4 } }, presets)).toEqual({
      schedule: 'from-scratch',
      warmupEpochs: 3,
      learningRates: { backbone: 5e-4, lastLayer: 1e-2 },
    });
    // The reference schedule adds nothing: the schema's own defaults apply.
    expect(fillSchedule({ schedule: 'reference' }, presets)).toEqual({ schedule: 'reference' });
  });

  it('leaves an unknown schedule name and a non-object config for the schema to refuse', () => {
    expect(fillSchedule({ schedule: 'fast' }, presets)).toEqual({ schedule: 'fast' });
    expect(fillSchedule(7, presets)).toBe(7);
    const schema = withSchedule(z.strictObject({ schedule: z.enum(['from-scratch', 'reference']), warmupEpochs: z.number().default(5) }), presets);
    expect(() => schema.parse({ schedule: 'fast' })).toThrow(/schedule/);
  });

  it('resolves ProtoPNet to the values docs/methods.md states for each schedule', () => {
    const scratch = ProtoPNetConfigSchema.parse({});
    expect(scratch).toMatchObject({ schedule: 'from-scratch', prototypeDepth: 64, epsilon: 1e-2, warmupEpochs: 0, pushStart: 0, pushEvery: 10, lastLayerIterations: 10, jointLastLayer: true, jointStepEpochs: 5 });
    expect(scratch.learningRates).toEqual({ backbone: 2e-3, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-2 });
    const reference = ProtoPNetConfigSchema.parse({ schedule: 'reference' });
    expect(reference).toMatchObject({ prototypeDepth: 128, epsilon: 1e-4, warmupEpochs: 5, pushStart: 10, pushEvery: 10, lastLayerIterations: 20, jointLastLayer: false, jointStepEpochs: 5, jointGamma: 0.1 });
    expect(reference.learningRates).toEqual({ backbone: 1e-4, addOn: 3e-3, prototypes: 3e-3, lastLayer: 1e-4 });
    // Both schedules keep the method's loss.
    for (const config of [scratch, reference]) expect(config.coefficients).toEqual({ ce: 1, cluster: 0.8, separation: -0.08, l1: 1e-4 });
    expect(Object.keys(PROTOPNET_SCHEDULES).sort()).toEqual(['from-scratch', 'reference']);
  });
});
