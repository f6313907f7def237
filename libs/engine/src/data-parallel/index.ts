export * from './data-parallel-trainer';
export * from './trainable';
