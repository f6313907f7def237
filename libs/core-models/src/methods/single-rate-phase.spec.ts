import { singleRatePhase } from './single-rate-phase';

describe('singleRatePhase', () => {
  it('trains backbone and head at the one rate, decaying by gamma every stepEpochs', () => {
    expect(singleRatePhase({ learningRate: 2e-3, weightDecay: 1e-4, stepEpochs: 5, gamma: 0.1 })).toEqual({
      name: 'joint',
      groups: [
        { prefix: 'backbone/', learningRate: 2e-3, weightDecay: 1e-4 },
        { prefix: 'head/', learningRate: 2e-3, weightDecay: 1e-4 },
      ],
      stepDecay: { stepEpochs: 5, gamma: 0.1 },
    });
  });

  it('keeps the rate constant when stepEpochs is 0', () => {
    expect(singleRatePhase({ learningRate: 1e-3, weightDecay: 0, stepEpochs: 0, gamma: 0.5 }).stepDecay).toBeUndefined();
  });
});
