'use client';
import { useQuery } from '@apollo/client/react';
import { Chart } from '../../charts/plot';
import type { RendererProps } from '../module';
import { latestEvaluation, normalizeRows, readConfusionMatrix, RUN_EVALUATIONS } from '../shared/evaluations';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { runIdFilter } from '../shared/run-rows';
import type { ConfusionMatrixSpec } from './cell-spec';

export function ConfusionMatrixRenderer({ spec, inputs, links }: RendererProps<ConfusionMatrixSpec>) {
  const runIds = (inputs['runs']?.values ?? []).slice(0, spec.maxRuns);
  const { data, error, loading } = useQuery(RUN_EVALUATIONS, {
    variables: { filter: runIdFilter(runIds), name: spec.evaluation },
    skip: runIds.length === 0,
  });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-confusion-matrix" input={inputs['runs']} links={links} />;
  return (
    <div data-testid="renderer-confusion-matrix">
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading evaluations…</p> : null}
      <div className="chart-pair">
        {(data?.runs.edges ?? []).map(({ node }) => {
          const name = node.name ?? node.id;
          const evaluation = latestEvaluation(node.evaluations, spec.split);
          const counts = evaluation ? readConfusionMatrix(evaluation.metrics) : null;
          if (!counts) {
            return <Notice key={node.id}>{name}: no confusion matrix in a “{spec.evaluation}” evaluation.</Notice>;
          }
          const shown = spec.normalize === 'rows' ? normalizeRows(counts) : counts;
          const classes = counts.map((_, k) => node.dataset?.classes[k] ?? `class ${k}`);
          return (
            <div key={node.id}>
              <Chart
                testId="confusion-matrix-plot"
                height={300}
                data={[
                  {
                    type: 'heatmap',
                    x: classes,
                    y: classes,
                    z: shown,
                    colorscale: 'Blues',
                    // plotly's Blues runs dark → light; large counts should be the dark cells.
                    reversescale: true,
                    showscale: false,
                    text: shown.map((row) => row.map((value) => (spec.normalize === 'rows' ? value.toFixed(2) : String(value)))),
                    texttemplate: '%{text}',
                    hovertemplate: 'actual %{y}<br>predicted %{x}<br>%{text}<extra></extra>',
                  },
                ]}
                layout={{
                  margin: { l: 96, r: 16, t: 40, b: 56 },
                  title: { text: `${name}${evaluation?.split ? ` · ${evaluation.split}` : ''}` },
                  xaxis: { title: { text: 'predicted' }, type: 'category' },
                  yaxis: { title: { text: 'actual' }, type: 'category', autorange: 'reversed' },
                }}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
