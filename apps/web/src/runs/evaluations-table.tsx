import type { RunPageEvaluation } from './queries';
import { headlineNumbers, valueText } from './run-summary';

/** Every stored evaluation of the run, newest first, with its headline numbers. */
export function EvaluationsTable({ evaluations }: { evaluations: readonly RunPageEvaluation[] }) {
  if (evaluations.length === 0) return <p className="muted">No evaluations yet (protoscope evaluate, or requestEvaluation in the graph).</p>;
  const newestFirst = [...evaluations].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return (
    <table className="data" data-testid="run-evaluations">
      <thead>
        <tr>
          <th>name</th>
          <th>method</th>
          <th>split</th>
          <th>step</th>
          <th>numbers</th>
          <th>stored</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((evaluation) => (
          <tr key={evaluation.id}>
            <td>{evaluation.name}</td>
            <td>{evaluation.method ?? '—'}</td>
            <td>{evaluation.split ?? '—'}</td>
            <td className="number">{evaluation.step ?? '—'}</td>
            <td>
              {headlineNumbers(evaluation.metrics)
                .map(({ key, value }) => `${key} ${valueText(value)}`)
                .join(' · ') || '—'}
            </td>
            <td>{new Date(evaluation.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
