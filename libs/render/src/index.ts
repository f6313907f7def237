/**
 * @protoscope/render: heat maps as files (16-bit PNG with tEXt value ranges), colour maps, overlays
 * of a map on its image and image patches as PNG. No tfjs and no model code, so the server draws a
 * PNG without loading either; the browser imports only `@protoscope/render/colormap`.
 */
export * from './errors';
export * from './raster';
export * from './colormap';
export * from './png-pixels';
export * from './png-text-chunks';
export * from './heatmap-codec';
export * from './overlay';
export * from './patch';
