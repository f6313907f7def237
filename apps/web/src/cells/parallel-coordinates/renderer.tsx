'use client';
import { useQuery } from '@apollo/client/react';
import { Chart } from '../../charts/plot';
import type { RendererProps } from '../module';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { RUN_ROWS, runIdFilter, toRunRow } from '../shared/run-rows';
import { defaultAxes, defaultMetric } from './axes';
import { dimensionOf } from './dimensions';
import type { ParallelCoordinatesSpec } from './cell-spec';

export function ParallelCoordinatesRenderer({ spec, inputs, links }: RendererProps<ParallelCoordinatesSpec>) {
  const runIds = inputs['runs']?.values ?? [];
  // Ask for exactly the bound runs: the server's query cost grows with the page size asked for.
  const { data, error, loading } = useQuery(RUN_ROWS, {
    variables: { filter: runIdFilter(runIds), first: Math.min(200, Math.max(1, runIds.length)) },
    skip: runIds.length === 0,
  });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-parallel-coordinates" input={inputs['runs']} links={links} />;
  const rows = (data?.runs.edges ?? []).map((edge) => toRunRow(edge.node));
  const axes = defaultAxes(rows, spec.params);
  const metric = defaultMetric(rows, spec.metric);
  const metricValues = rows.map((row) => row.metrics[metric] ?? Number.NaN);
  const dimensions = [
    ...(axes.method ? [dimensionOf('method', rows.map((row) => row.method))] : []),
    ...axes.params.map((key) => dimensionOf(key, rows.map((row) => row.params[key]))),
    ...(metric ? [dimensionOf(metric, metricValues)] : []),
  ];
  return (
    <div data-testid="renderer-parallel-coordinates">
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading runs…</p> : null}
      {data && dimensions.length < 2 ? <Notice>Fewer than two axes: the runs do not differ in any param, or name params and a metric.</Notice> : null}
      {data && dimensions.length >= 2 ? (
        <Chart
          testId="parallel-coordinates-plot"
          data={[
            {
              type: 'parcoords',
              dimensions,
              line: metric ? { color: metricValues, colorscale: 'Viridis', showscale: true, colorbar: { title: { text: metric } } } : {},
            },
          ]}
          layout={{ margin: { l: 80, r: 80, t: 56, b: 24 } }}
        />
      ) : null}
    </div>
  );
}
