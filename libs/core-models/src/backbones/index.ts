export * from './backbone';
export * from './basic-block';
export * from './import-weights';
export * from './receptive-field';
export * from './registry';
export * from './resnet18';
export * from './small-cnn';
