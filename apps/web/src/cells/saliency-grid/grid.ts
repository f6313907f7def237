/**
 * The layout of a saliency grid: one row per image, one column per (run, method) that has a map of
 * one of those images, each slot the map of that image by that method in that run, or empty. Images come in the order asked for, else in
 * order of first appearance; methods in the order asked for, else sorted.
 */
export interface MapRef {
  id: string;
  imageId: string;
  method: string;
}

export interface GridRun<M extends MapRef> {
  runId: string;
  maps: readonly M[];
}

export interface SaliencyGrid<M extends MapRef> {
  imageIds: string[];
  columns: { runId: string; method: string }[];
  /** slots[row][column] */
  slots: (M | undefined)[][];
}

export function saliencyGrid<M extends MapRef>(
  runs: readonly GridRun<M>[],
  options: { methods: readonly string[]; imageIds: readonly string[]; maxImages: number },
): SaliencyGrid<M> {
  const allMaps = runs.flatMap((run) => run.maps);
  const methods = options.methods.length > 0 ? [...options.methods] : [...new Set(allMaps.map((map) => map.method))].sort();
  const imageIds = (options.imageIds.length > 0 ? [...options.imageIds] : [...new Set(allMaps.map((map) => map.imageId))]).slice(
    0,
    options.maxImages,
  );
  // A (run, method) pair with no map among these images is no column (e.g. prototype maps of a global model).
  const shown = new Set(imageIds);
  const columns = runs.flatMap((run) =>
    methods.filter((method) => run.maps.some((map) => map.method === method && shown.has(map.imageId))).map((method) => ({ runId: run.runId, method })),
  );
  const slots = imageIds.map((imageId) =>
    columns.map(({ runId, method }) =>
      runs.find((run) => run.runId === runId)!.maps.find((map) => map.imageId === imageId && map.method === method),
    ),
  );
  return { imageIds, columns, slots };
}
