'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import { Chart } from '../../charts/plot';
import { jsonObject } from '../../graphql/json-object';
import { RunLink } from '../../runs/run-link';
import type { RendererProps } from '../module';
import { errorText, Notice } from '../shared/notice';
import { CANCEL_SWEEP, SWEEP, type SweepTrialData } from './queries';
import type { SweepSpec } from './cell-spec';
import { sweepDimensions } from './varied';

/** While a sweep runs, its trials change on the workers: look again this often. */
const POLL_MS = 2000;

const formatValue = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v));

export function SweepRenderer({ spec, onSpecChange }: RendererProps<SweepSpec>) {
  const { data, error, loading } = useQuery(SWEEP, { variables: { id: spec.sweepId }, skip: !spec.sweepId, pollInterval: POLL_MS });
  const [cancelSweep, cancelling] = useMutation(CANCEL_SWEEP);
  if (!spec.sweepId) return <Notice>Pick a sweep, or start one, in the cell&apos;s editor.</Notice>;
  if (error) return <Notice tone="error">{errorText(error)}</Notice>;
  if (loading && !data) return <p className="muted">Loading the sweep…</p>;
  const sweep = data?.sweep;
  if (!sweep) return <Notice tone="error">No sweep with id {spec.sweepId}.</Notice>;
  const { progress, bestTrial: best } = sweep;
  const finishedTrials = sweep.trials.filter((t) => t.value !== null);
  const dimensions = sweepDimensions(sweep.parameters, finishedTrials, sweep.metric);
  const metricValues = finishedTrials.map((t) => t.value ?? Number.NaN);
  const pick = (trials: SweepTrialData[]) => onSpecChange({ ...spec, selected: trials.map((t) => t.run.id) });
  return (
    <div data-testid="renderer-sweep">
      <p>
        <strong>{sweep.name ?? `sweep ${sweep.id.slice(0, 8)}`}</strong>: {sweep.strategy.toLowerCase()} over {sweep.parameters.join(', ')}, {sweep.method} on {sweep.datasetId} —{' '}
        <span data-testid="sweep-state">{sweep.state.toLowerCase()}</span>
        {sweep.state === 'RUNNING' ? (
          <>
            {' '}
            <button type="button" disabled={cancelling.loading} onClick={() => void cancelSweep({ variables: { id: sweep.id } })}>
              Cancel
            </button>
          </>
        ) : null}
      </p>
      {sweep.error ? <Notice tone="error">{sweep.error}</Notice> : null}
      <p data-testid="sweep-progress">
        {progress.done} done, {progress.running} running, {progress.queued} queued, {progress.stopped} stopped, {progress.failed} failed — {sweep.trials.length} of {progress.total} trials started
      </p>
      <progress max={progress.total} value={progress.done + progress.stopped + progress.failed} />
      {dimensions.length >= 2 && finishedTrials.length > 0 ? (
        <Chart
          testId="sweep-parallel-coordinates"
          data={[{ type: 'parcoords', dimensions, line: { color: metricValues, colorscale: 'Viridis', reversescale: sweep.mode === 'MIN', showscale: true, colorbar: { title: { text: sweep.metric } } } }]}
          layout={{ margin: { l: 80, r: 80, t: 56, b: 24 } }}
        />
      ) : (
        <Notice>{finishedTrials.length === 0 ? `No trial has a ${sweep.metric} yet.` : 'The trials do not differ in any param yet.'}</Notice>
      )}
      {best ? (
        <p data-testid="sweep-best">
          Best: trial {best.index} ({Object.entries(jsonObject(best.params)).map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ')}), {sweep.metric} {formatValue(best.value)}
          {sweep.rungs.length > 1 ? ` at ${best.epochs} epochs` : ''} — run{' '}
          <RunLink run={best.run} testId="sweep-best-run" />{' '}
          <button type="button" title="cells bound to this one (metric chart, run diff, …) show it" onClick={() => pick([best])}>
            Pick it
          </button>{' '}
          <button type="button" onClick={() => pick(sweep.trials)}>
            Pick every trial
          </button>
          {spec.selected.length > 0 ? <span className="muted"> ({spec.selected.length} picked)</span> : null}
        </p>
      ) : null}
    </div>
  );
}
