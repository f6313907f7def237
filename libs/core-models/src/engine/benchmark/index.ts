export * from './measure-throughput';
export * from './reference-workload';
export * from './run-engine-benchmark';
