export * from './resize-bicubic';
export * from './batch-norm-training';
