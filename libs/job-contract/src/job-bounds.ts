/**
 * The largest jobs the queue takes, stated once for the server (which refuses bigger ones as bad
 * input) and the worker (which fails them): a generated dataset of at most `maxImages` images of at
 * most `maxImageSize`² pixels and `maxDatasetPixels` in all (2·10⁹ bytes of 8-bit pixels), a training
 * of at most `maxEpochs` (a sweep trial, planned by a sweep the store bounds, `maxTrialEpochs`), an
 * explanation of at most `maxExplainImages` images. Bigger work is run from the command line, where
 * its owner sees the cost.
 */
export const JOB_BOUNDS = {
  maxImages: 100_000,
  minImageSize: 8,
  maxImageSize: 1024,
  maxDatasetPixels: 2_000_000_000,
  maxEpochs: 1000,
  maxTrialEpochs: 10_000,
  maxBatchSize: 65_536,
  maxExplainImages: 10_000,
  /** Seeds are 31-bit, as the store's sweep seeds and the generators' random streams. */
  maxSeed: 2 ** 31 - 1,
} as const;

/** Values a payload takes when it leaves a field out. */
export const JOB_DEFAULTS = {
  epochs: 10,
  seed: 0,
  batchSize: 32,
  generatedImageSize: 64,
  images: 'split:val',
  checkpoint: 'latest',
  target: 'predicted',
} as const;
