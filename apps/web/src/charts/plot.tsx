'use client';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { bundleFor, bundleToUse, loadPlotly, type PlotlyBundle } from './plotly-bundles';

/**
 * plotly.js touches `window` when it loads, so it is imported only in the browser, once per bundle,
 * and shared by every chart drawn with that bundle; the factory binds react-plotly.js to plotly's
 * prebuilt minified bundles instead of the plotly.js source tree. A chart loads the cartesian bundle
 * unless one of its traces needs the full one (plotly-bundles.ts); chart cells start the load when
 * they are drawn (CellFrame), before their data is back.
 */
function plotlyComponent(bundle: PlotlyBundle) {
  return dynamic(
    async () => {
      const [{ default: createPlotlyComponent }, plotly] = await loadPlotly(bundle);
      return createPlotlyComponent(plotly.default ?? plotly);
    },
    { ssr: false, loading: () => <div className="plot-placeholder">Loading chart…</div> },
  );
}

const PLOT_COMPONENTS = { cartesian: plotlyComponent('cartesian'), full: plotlyComponent('full') };

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
  // Chosen once: switching bundles would draw the chart again. A trace only the full bundle has wins.
  const [firstChoice] = useState(() => bundleToUse(data));
  const PlotlyChart = PLOT_COMPONENTS[bundleFor(data) === 'full' ? 'full' : firstChoice];
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
