export * from './engine';
export * from './parameters';
export * from './layers';
export * from './backbones';
