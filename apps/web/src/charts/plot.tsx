'use client';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';

/**
 * plotly.js touches `window` when it loads, so it is imported only in the browser, once, and shared by
 * every chart cell; the factory binds react-plotly.js to the minified distribution instead of the full
 * plotly.js source tree. The import starts as soon as this module runs in a browser: the bundle (about
 * 1.4 MB compressed) then downloads and compiles while the notebook syncs and its cells query, instead
 * of after the first chart's data has arrived (seconds of a notebook's first render on a busy machine).
 */
let plotlyModules: Promise<[typeof import('react-plotly.js/factory'), typeof import('plotly.js-dist-min')]> | undefined;
function loadPlotly() {
  plotlyModules ??= Promise.all([import('react-plotly.js/factory'), import('plotly.js-dist-min')]);
  return plotlyModules;
}
if (typeof window !== 'undefined') void loadPlotly();

const PlotlyChart = dynamic(
  async () => {
    const [{ default: createPlotlyComponent }, plotly] = await loadPlotly();
    return createPlotlyComponent(plotly.default ?? plotly);
  },
  { ssr: false, loading: () => <div className="plot-placeholder">Loading chart…</div> },
);

const baseLayout: Partial<Layout> = {
  autosize: true,
  margin: { l: 64, r: 16, t: 36, b: 90 },
  font: { family: 'system-ui, sans-serif', size: 12 },
  // Below the x-axis title, so long run names never cover the lines.
  legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
  paper_bgcolor: 'rgba(0,0,0,0)',
};

const baseConfig: Partial<Config> = { displaylogo: false, responsive: true };

export interface ChartProps {
  data: Data[];
  layout?: Partial<Layout>;
  height?: number;
  /** Marks the chart for the end-to-end test and for users' own scripts. */
  testId?: string;
}

export function Chart({ data, layout, height = 320, testId }: ChartProps) {
  // data-ready: plotly has drawn the chart once (what "rendered" means to a page-load benchmark or a script).
  const [drawn, setDrawn] = useState(false);
  return (
    <div className="chart" data-testid={testId} data-ready={drawn ? 'true' : undefined} style={{ height }}>
      <PlotlyChart
        data={data}
        layout={{ ...baseLayout, ...layout, height }}
        config={baseConfig}
        onInitialized={() => setDrawn(true)}
        useResizeHandler
        style={{ width: '100%', height: '100%' }}
      />
    </div>
  );
}
