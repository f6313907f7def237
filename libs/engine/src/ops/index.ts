export * from './resize-bicubic';
export * from './batch-norm-training';
export * from './conv2d-bias-activation';
export * from './conv2d-bias-activation-max-pool';
export * from './adam-update';
export * from './chain-step';
export * from './prototype-distances';
