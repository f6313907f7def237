import type { TrainingPhase } from './method';

export interface SingleRateSchedule {
  learningRate: number;
  weightDecay: number;
  /** Multiply the rate by `gamma` every `stepEpochs` epochs; 0 keeps it constant. */
  stepEpochs: number;
  gamma: number;
}

/** The one phase of methods that train backbone and head together at one rate from the first epoch. */
export function singleRatePhase({ learningRate, weightDecay, stepEpochs, gamma }: SingleRateSchedule): TrainingPhase {
  return {
    name: 'joint',
    groups: [
      { prefix: 'backbone/', learningRate, weightDecay },
      { prefix: 'head/', learningRate, weightDecay },
    ],
    stepDecay: stepEpochs > 0 ? { stepEpochs, gamma } : undefined,
  };
}
