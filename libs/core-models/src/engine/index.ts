export * from './backend-candidates';
export * from './engine';
export * from './benchmark';
export * from './ops';
export * from './data-parallel';
