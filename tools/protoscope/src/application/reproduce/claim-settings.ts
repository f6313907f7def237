/**
 * The pieces the claims' settings share: datasets per scale, the small CNN, explicit schedules of the
 * prototype methods (explicit so that a change of a method's defaults does not move a claim), and the
 * readers of evaluation figures.
 */
import type { ArmSpec, DatasetSpec, EvaluationSpec, Scale } from './claim';
import { metricAt } from './metric-path';

/** The value for the scale. */
export const byScale = <T>(scale: Scale, values: Record<Scale, T>): T => values[scale];

/** Images and side per scale: `micro` only exercises the command; `quick` is minutes; `full` is the documented setting. */
export function dataSize(scale: Scale): { n: number; size: number } {
  return byScale(scale, { micro: { n: 96, size: 24 }, quick: { n: 300, size: 32 }, full: { n: 2000, size: 64 } });
}

export function dataset(scale: Scale, generator: string, seed: number, options?: Record<string, string>): DatasetSpec {
  return { generator, ...dataSize(scale), seed, ...(options ? { options } : {}) };
}

/** Epochs per scale: `micro` always 1. */
export const epochs = (scale: Scale, quick: number, full: number): number => byScale(scale, { micro: 1, quick, full });

export const SMALL_CNN = { name: 'small-cnn' } as const;
export const BATCH = 32;

/** The test split of the arm's data: every figure of the table is a test-split figure. */
export const testEvaluation = (suites: readonly string[], methods?: readonly string[], limit?: number): EvaluationSpec => ({
  suites,
  split: 'test',
  ...(methods ? { methods } : {}),
  ...(limit ? { limit } : {}),
});

/** `global` (backbone → pooling → linear) at lr 2e-3 without decay steps: the baseline of most claims. */
export function globalArm(data: DatasetSpec, trainEpochs: number, evaluation: EvaluationSpec = testEvaluation(['classification'])): ArmSpec {
  return { method: 'global', data, epochs: trainEpochs, batchSize: BATCH, config: { backbone: SMALL_CNN, learningRate: 0.002, stepEpochs: 0 }, evaluation };
}

/**
 * ProtoPNet's schedule for short runs: warm-up 2 epochs, a push (with 3 last-layer epochs) every 4
 * epochs ending on the last epoch, so the model evaluated is a pushed one.
 */
export function protopnetSchedule(scale: Scale, trainEpochs: number) {
  const pushStart = scale === 'micro' ? 0 : Math.max(2, trainEpochs - 5);
  return {
    backbone: SMALL_CNN,
    prototypesPerClass: 10,
    prototypeDepth: 64,
    warmupEpochs: scale === 'micro' ? 0 : 2,
    pushStart,
    pushEvery: 4,
    lastLayerIterations: scale === 'micro' ? 1 : 3,
    jointStepEpochs: Math.max(1, trainEpochs - 2),
    learningRates: { backbone: 0.002, addOn: 0.003, prototypes: 0.003, lastLayer: 0.001 },
  };
}

export const read = {
  auc: metricAt(['auc']),
  accuracy: metricAt(['accuracy']),
  /** Share of the last push's prototypes with a source image of their own. */
  distinctFraction: metricAt(['prototypeDistinctFraction']),
  consistency: metricAt(['consistency']),
  stability: metricAt(['stability']),
  deletion: (method: string) => metricAt(['deletionAuc', method]),
  insertion: (method: string) => metricAt(['insertionAuc', method]),
  tIoU: (method: string, threshold: string) => metricAt(['tIoU', method, threshold]),
  pointingGame: (method: string) => metricAt(['pointingGame', method]),
  balancedAuc: metricAt(['balancedAuc']),
  /** The classifier's advantage from the site: pooled AUC − prevalence-balanced AUC. */
  shortcutGap: (metrics: Readonly<Record<string, unknown>>) => {
    const auc = metricAt(['auc'])(metrics);
    const balanced = metricAt(['balancedAuc'])(metrics);
    return auc === null || balanced === null ? null : auc - balanced;
  },
};
