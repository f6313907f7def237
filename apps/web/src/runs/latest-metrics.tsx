import type { RunPageRun } from './queries';

/** The last logged point of every metric: value (NaN and infinities spelled out), step, epoch, time. */
export function LatestMetrics({ metrics }: { metrics: RunPageRun['latestMetrics'] }) {
  if (metrics.length === 0) return <p className="muted">The run has logged no metrics yet.</p>;
  return (
    <table className="data" data-testid="run-latest-metrics">
      <thead>
        <tr>
          <th>metric</th>
          <th>value</th>
          <th>step</th>
          <th>epoch</th>
          <th>logged</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map(({ key, point }) => (
          <tr key={key} data-metric={key}>
            <td>
              <code>{key}</code>
            </td>
            <td className="number">{point.value !== null ? String(Number(point.value.toPrecision(4))) : point.valueText}</td>
            <td className="number">{point.step}</td>
            <td className="number">{point.epoch ?? '—'}</td>
            <td>{new Date(point.time).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
