export * from './backend-candidates';
export * from './engine';
export * from './benchmark';
