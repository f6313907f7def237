export * from './resize-bicubic';
