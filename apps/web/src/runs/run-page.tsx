'use client';
import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { confusionMatrixCell } from '../cells/confusion-matrix';
import { metricChartCell } from '../cells/metric-chart';
import { prototypeGalleryCell } from '../cells/prototype-gallery';
import { rocPrCell } from '../cells/roc-pr';
import { saliencyGridCell } from '../cells/saliency-grid';
import { errorText, Notice } from '../cells/shared/notice';
import { EvaluationsTable } from './evaluations-table';
import { LatestMetrics } from './latest-metrics';
import { ParamsTable } from './params-table';
import { RUN_PAGE } from './queries';
import { RunCell } from './run-cell';
import { RunHeader } from './run-header';
import { chartedEvaluations, chartMetricKeys } from './run-summary';

/** Saliency maps shown on the page; the saliency-grid cell in a notebook shows more. */
const SALIENCY_IMAGES = 4;

/**
 * One run, as a W&B or MLflow run page shows it: header, config, latest metrics and their charts,
 * evaluations (with ROC/PR and confusion matrix when the report has them), prototypes and a few
 * saliency maps. Signed-out visitors are sent to /login by the GraphQL client, as on a notebook.
 */
export function RunPage({ runId }: { runId: string }) {
  const { data, loading, error } = useQuery(RUN_PAGE, { variables: { id: runId } });
  if (error && !data) return <Notice tone="error">Could not load run {runId}: {errorText(error)}</Notice>;
  if (loading && !data) return <p className="muted">Loading run…</p>;
  const run = data?.run;
  if (!run) {
    return (
      <section data-testid="run-missing">
        <Notice tone="error">No run {runId}.</Notice>
        <p className="small">
          <a href="/">← Notebooks</a>
        </p>
      </section>
    );
  }
  const charted = chartedEvaluations(run.evaluations);
  return (
    // Keyed by the run, so moving to another run's page starts every cell afresh.
    <article key={run.id} className="run-page" data-testid="run-page" data-run-id={run.id}>
      <RunHeader run={run} />
      {run.status === 'FAILED' && run.error ? <Notice tone="error">The run failed: {run.error}</Notice> : null}
      <Section title="Config" testId="run-section-config">
        <ParamsTable params={run.params} />
      </Section>
      <Section title="Metrics" testId="run-section-metrics">
        <LatestMetrics metrics={run.latestMetrics} />
        {run.metricKeys.length > 0 ? <RunCell module={metricChartCell} runId={run.id} spec={{ metrics: chartMetricKeys(run.metricKeys) }} /> : null}
      </Section>
      <Section title="Evaluations" testId="run-section-evaluations">
        <EvaluationsTable evaluations={run.evaluations} />
        {charted.curves.map((name) => (
          <RunCell key={`roc-${name}`} module={rocPrCell} runId={run.id} spec={{ evaluation: name }} />
        ))}
        {charted.matrices.map((name) => (
          <RunCell key={`cm-${name}`} module={confusionMatrixCell} runId={run.id} spec={{ evaluation: name, maxRuns: 1 }} />
        ))}
      </Section>
      {run.prototypePushes.length > 0 ? (
        <Section title="Prototypes" testId="run-section-prototypes">
          <RunCell module={prototypeGalleryCell} runId={run.id} spec={{ maxRuns: 1 }} />
        </Section>
      ) : null}
      <Section title="Saliency maps" testId="run-section-saliency">
        <RunCell module={saliencyGridCell} runId={run.id} spec={{ maxImages: SALIENCY_IMAGES }} />
      </Section>
    </article>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
