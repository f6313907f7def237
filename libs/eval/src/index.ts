/**
 * @protoscope/eval: explanations of trained models and the metrics that score classifiers and
 * explanations. Drawing and storing heat maps is @protoscope/render.
 */
export * from './metrics';
export * from './explain';
