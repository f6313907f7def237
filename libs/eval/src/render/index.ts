export * from './errors';
export * from './colormap';
export * from './png-text-chunks';
export * from './heatmap-codec';
export * from './overlay';
export * from './patch';
