'use client';
import { useQuery } from '@apollo/client/react';
import { RunLink } from '../../runs/run-link';
import { displayText } from '../../table/sort-filter';
import type { RendererProps } from '../module';
import { NoRunsNotice } from '../shared/no-runs-notice';
import { errorText, Notice } from '../shared/notice';
import { metricDeltas } from './deltas';
import { RUN_DIFF } from './queries';
import type { RunDiffSpec } from './cell-spec';

export function RunDiffRenderer({ spec, inputs, links }: RendererProps<RunDiffSpec>) {
  const runIds = inputs['runs']?.values ?? [];
  const { data, error, loading } = useQuery(RUN_DIFF, { variables: { ids: [...runIds] }, skip: runIds.length === 0 });
  if (runIds.length === 0) return <NoRunsNotice testId="renderer-run-diff" input={inputs['runs']} links={links} />;
  const comparison = data?.compareRuns;
  const runs = comparison?.runs ?? [];
  const baselineId = spec.baseline && runs.some((run) => run.id === spec.baseline) ? spec.baseline : runs[0]?.id ?? '';
  const ordered = [...runs.filter((run) => run.id === baselineId), ...runs.filter((run) => run.id !== baselineId)];
  const column = new Map(runs.map((run, i) => [run.id, i]));
  const deltas = metricDeltas(
    ordered.map((run) => ({ runId: run.id, metrics: Object.fromEntries(run.latestMetrics.map((entry) => [entry.key, entry.point.value])) })),
    baselineId,
    spec.metrics,
  );
  return (
    <div data-testid="renderer-run-diff">
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Comparing…</p> : null}
      {comparison && runs.length < 2 ? <Notice>Pick at least two runs to compare.</Notice> : null}
      {comparison && runs.length >= 2 ? (
        <>
          <h4>Config differences</h4>
          {comparison.configDiff.length === 0 ? (
            <p className="muted">Same config.</p>
          ) : (
            <table className="data" data-testid="run-diff-config">
              <thead>
                <tr>
                  <th>key</th>
                  {ordered.map((run) => (
                    <th key={run.id}>
                      <RunLink run={run} />
                      {run.id === baselineId ? ' (baseline)' : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.configDiff.map((difference) => (
                  <tr key={difference.key}>
                    <td>{difference.key}</td>
                    {ordered.map((run) => (
                      <td key={run.id}>{displayText(difference.values[column.get(run.id)!])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h4>Latest metrics (Δ from baseline)</h4>
          <table className="data" data-testid="run-diff-metrics">
            <thead>
              <tr>
                <th>metric</th>
                <th>
                  <RunLink run={ordered[0]!} />
                </th>
                {ordered.slice(1).map((run) => (
                  <th key={run.id}>
                    <RunLink run={run} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {deltas.map((row) => (
                <tr key={row.key}>
                  <td>{row.key}</td>
                  <td className="number">{displayText(row.baseline)}</td>
                  {row.values.map((entry) => (
                    <td key={entry.runId} className="number">
                      {displayText(entry.value)}{' '}
                      {entry.delta !== null ? (
                        <span className={entry.delta > 0 ? 'delta-up' : entry.delta < 0 ? 'delta-down' : 'muted'}>
                          ({entry.delta > 0 ? '+' : ''}
                          {displayText(entry.delta)})
                        </span>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
