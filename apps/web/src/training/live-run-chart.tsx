'use client';
import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Chart } from '../charts/plot';
import { errorText, Notice } from '../cells/shared/notice';
import { runPath } from '../runs/run-link';
import { appendProgress, type ProgressSeries } from './progress-series';
import { RUN_PROGRESS } from './queries';

/** Metric lines that grow while the run trains, fed by the runProgress subscription. */
export function LiveRunChart({ runId }: { runId: string }) {
  const [series, setSeries] = useState<ProgressSeries>({});
  const [status, setStatus] = useState<string>('QUEUED');
  const { error } = useSubscription(RUN_PROGRESS, {
    variables: { runId },
    onData: ({ data }) => {
      const event = data.data?.runProgress;
      if (!event) return;
      setStatus(event.status);
      setSeries((previous) => appendProgress(previous, event.metrics));
    },
  });
  const keys = Object.keys(series).sort();
  return (
    <div data-testid="live-run-chart" data-status={status}>
      <p className="small">
        Run{' '}
        <a href={runPath(runId)}>
          <code>{runId}</code>
        </a>
        : <strong>{status.toLowerCase()}</strong>
      </p>
      {error ? <Notice tone="error">Live updates stopped: {errorText(error)}</Notice> : null}
      {keys.length === 0 ? (
        <p className="muted small">Waiting for the first metrics…</p>
      ) : (
        <Chart
          testId="live-run-plot"
          height={280}
          data={keys.map((key) => ({
            type: 'scatter',
            mode: 'lines',
            name: key,
            x: series[key]!.map((point) => point.step),
            y: series[key]!.map((point) => point.value),
          }))}
          layout={{ xaxis: { title: { text: 'step' } } }}
        />
      )}
    </div>
  );
}
