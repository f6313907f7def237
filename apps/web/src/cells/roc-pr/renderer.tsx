'use client';
import { useQuery } from '@apollo/client/react';
import type { Data } from 'plotly.js-dist-min';
import { Chart } from '../../charts/plot';
import { PALETTE } from '../metric-chart/traces';
import type { RendererProps } from '../module';
import { latestEvaluation, readCurves, RUN_EVALUATIONS, type Curves } from '../shared/evaluations';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { runIdFilter } from '../shared/run-rows';
import type { RocPrSpec } from './cell-spec';

export function RocPrRenderer({ spec, inputs, links }: RendererProps<RocPrSpec>) {
  const runIds = inputs['runs']?.values ?? [];
  const { data, error, loading } = useQuery(RUN_EVALUATIONS, {
    variables: { filter: runIdFilter(runIds), name: spec.evaluation },
    skip: runIds.length === 0,
  });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-roc-pr" input={inputs['runs']} links={links} />;

  const curves: { name: string; curves: Curves }[] = [];
  const missing: string[] = [];
  for (const { node } of data?.runs.edges ?? []) {
    const name = node.name ?? node.id;
    const evaluation = latestEvaluation(node.evaluations, spec.split);
    if (!evaluation) {
      missing.push(`${name}: no "${spec.evaluation}" evaluation${spec.split ? ` on ${spec.split}` : ''}`);
      continue;
    }
    const read = readCurves(evaluation.metrics, spec.classIndex);
    if ('missing' in read) missing.push(`${name}: ${read.missing}`);
    else curves.push({ name, curves: read });
  }

  const roc: Data[] = [
    { type: 'scatter', mode: 'lines', x: [0, 1], y: [0, 1], line: { dash: 'dot', color: '#98a2b3' }, name: 'chance', hoverinfo: 'skip' },
    ...curves.flatMap(({ name, curves: c }, i): Data[] =>
      c.roc
        ? [{ type: 'scatter', mode: 'lines', name: c.auc !== null ? `${name} (AUC ${c.auc.toFixed(3)})` : name, x: c.roc.fpr, y: c.roc.tpr, line: { color: PALETTE[i % PALETTE.length], shape: 'linear' } }]
        : [],
    ),
  ];
  const pr: Data[] = curves.flatMap(({ name, curves: c }, i): Data[] =>
    c.pr ? [{ type: 'scatter', mode: 'lines', name, x: c.pr.recall, y: c.pr.precision, line: { color: PALETTE[i % PALETTE.length] } }] : [],
  );
  const axis = (title: string) => ({ title: { text: title }, range: [0, 1.02] as [number, number] });

  return (
    <div data-testid="renderer-roc-pr">
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading evaluations…</p> : null}
      {missing.map((message) => (
        <Notice key={message}>{message}</Notice>
      ))}
      {curves.length > 0 ? (
        <div className="chart-pair">
          {spec.show !== 'pr' ? (
            <Chart testId="roc-plot" data={roc} layout={{ title: { text: 'ROC' }, xaxis: axis('false-positive rate'), yaxis: axis('true-positive rate') }} />
          ) : null}
          {spec.show !== 'roc' ? (
            <Chart testId="pr-plot" data={pr} layout={{ title: { text: 'Precision–recall' }, xaxis: axis('recall'), yaxis: axis('precision') }} />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
