/**
 * @protoscope/datasets/tensors: a dataset as batched, augmented tfjs tensors (the batch loader).
 * The only entry point of the library that loads tfjs; `@protoscope/datasets` itself does not, so a
 * process that only reads manifests and images (the server) never starts tfjs.
 */
export * from './loading/batch-loader';
