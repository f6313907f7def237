export * from './activation';
export * from './batch-norm';
export * from './conv2d';
export * from './layer';
export * from './layer-norm';
export * from './linear';
export * from './max-pool2d';
export * from './sequential';
