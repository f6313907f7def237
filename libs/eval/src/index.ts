/**
 * @protoscope/eval: explanations of trained models and the metrics that score classifiers and
 * explanations.
 */
export * from './metrics';
export * from './explain';
export * from './render';
