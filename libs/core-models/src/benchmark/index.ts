export * from './reference-workload';
export * from './run-engine-benchmark';
export * from './run-data-parallel-benchmark';
