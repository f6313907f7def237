/**
 * Metrics, one family per folder. Every metric takes plain arrays (as Captum/Quantus metrics take
 * plain tensors), so any model, method or saved prediction file can be scored the same way.
 */
export * from './errors';
export * from './classification';
export * from './localisation';
export * from './faithfulness';
export * from './prototypes';
export * from './shortcut';
