/**
 * Typed errors of the renderers and the heat-map file format. `RenderInputError`: the call was wrong
 * (sizes that disagree, an opacity outside [0, 1]) — fix the arguments. `HeatmapFormatError`: the
 * bytes are not a heat-map PNG this library wrote (not a PNG, a damaged chunk, no value range) —
 * check the file.
 */
export class RenderInputError extends Error {
  override name = 'RenderInputError';
}

export class HeatmapFormatError extends Error {
  override name = 'HeatmapFormatError';
}
