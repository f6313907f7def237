export * from './backend-candidates';
export * from './engine';
