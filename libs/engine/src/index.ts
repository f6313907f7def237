/**
 * @protoscope/engine: which tfjs backend runs (and why the others were passed over), the kernels and
 * gradients the engine adds to tfjs, engine-level ops, data-parallel training, and timing for benchmarks.
 * It knows nothing of models: workloads come in as tfjs code (a `Trainable`, a function to time).
 */
export * from './backend-candidates';
export * from './engine';
export * from './measure-throughput';
export * from './ops';
export * from './data-parallel';
