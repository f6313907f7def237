'use client';
import { useQuery } from '@apollo/client/react';
import { errorText } from '../cells/shared/notice';
import { RUN_SWEEP } from './queries';
import { trialOfRun, valueText } from './run-summary';

/** "grid sweep <name>, trial 3 (best so far), val/auc 0.91" for a run the sweep controller started. */
export function SweepTrialFact({ sweepId, runId }: { sweepId: string; runId: string }) {
  const { data, error, loading } = useQuery(RUN_SWEEP, { variables: { id: sweepId } });
  if (error) return <span className="muted">sweep {sweepId}: {errorText(error)}</span>;
  if (loading && !data) return <span className="muted">sweep {sweepId}…</span>;
  const sweep = data?.sweep;
  if (!sweep) return <span className="muted">sweep {sweepId} (no longer stored)</span>;
  const found = trialOfRun(sweep, runId);
  return (
    <span data-testid="run-sweep">
      {sweep.strategy.toLowerCase()} sweep <code>{sweep.name ?? sweep.id}</code> ({sweep.state.toLowerCase()})
      {found ? (
        <>
          , trial {found.trial.index}
          {found.best ? ' (best so far)' : ''}, {found.trial.state.toLowerCase()}
          {found.trial.value !== null ? `, ${sweep.metric} ${valueText(found.trial.value)}` : ''}
        </>
      ) : (
        ', not one of its trials'
      )}
    </span>
  );
}
