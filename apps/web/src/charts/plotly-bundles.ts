/**
 * Which plotly bundle a chart needs, and loading each at most once per page. plotly's cartesian
 * bundle (1.5 MB minified) holds the traces the line, ROC/PR and confusion-matrix cells draw; the full
 * one (4.8 MB) is fetched and compiled only when a chart has a trace the cartesian bundle lacks
 * (`parcoords` of the parallel-coordinates and sweep cells). Both are plotly's own prebuilt bundles.
 */
import { markOnce, TIMELINE_MARKS } from '../timeline/timeline-marks';

export type PlotlyBundle = 'cartesian' | 'full';

/** The trace modules of plotly.js-cartesian-dist-min (its README); a trace without `type` is a scatter. */
export const CARTESIAN_TRACE_TYPES: ReadonlySet<string> = new Set([
  'bar',
  'box',
  'contour',
  'heatmap',
  'histogram',
  'histogram2d',
  'histogram2dcontour',
  'image',
  'pie',
  'scatter',
  'scatterternary',
  'violin',
]);

/** The smallest bundle that draws every trace. */
export function bundleFor(traces: readonly { type?: string }[]): PlotlyBundle {
  return traces.every((trace) => CARTESIAN_TRACE_TYPES.has(trace.type ?? 'scatter')) ? 'cartesian' : 'full';
}

type PlotlyModule = object & { default?: object };
type Factory = typeof import('react-plotly.js/factory');

const loading = new Map<PlotlyBundle, Promise<[Factory, PlotlyModule]>>();
const loaded = new Set<PlotlyBundle>();

/** Starts (or joins) loading a bundle with react-plotly.js's factory; resolves with both modules. */
export function loadPlotly(bundle: PlotlyBundle): Promise<[Factory, PlotlyModule]> {
  let modules = loading.get(bundle);
  if (!modules) {
    const plotly: Promise<PlotlyModule> = bundle === 'cartesian' ? import('plotly.js-cartesian-dist-min') : import('plotly.js-dist-min');
    modules = Promise.all([import('react-plotly.js/factory'), plotly]).then((both) => {
      loaded.add(bundle);
      markOnce(bundle === 'cartesian' ? TIMELINE_MARKS.plotlyCartesian : TIMELINE_MARKS.plotlyFull);
      return both;
    });
    loading.set(bundle, modules);
  }
  return modules;
}

/** Loads a bundle ahead of the chart that will need it (a chart cell being drawn, before its data is back). */
export function preloadPlotly(bundle: PlotlyBundle): void {
  if (typeof window !== 'undefined') void loadPlotly(bundle).catch(() => undefined); // the chart shows the failure
}

/** The bundle a chart of these traces is drawn with: the full one once it is on the page anyway, else the smallest that draws them. */
export function bundleToUse(traces: readonly { type?: string }[]): PlotlyBundle {
  return loaded.has('full') ? 'full' : bundleFor(traces);
}
