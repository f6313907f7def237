import { paramRows } from './run-summary';

/** The run's config, flattened to dotted keys, one row each. */
export function ParamsTable({ params }: { params: unknown }) {
  const rows = paramRows(params);
  if (rows.length === 0) return <p className="muted">The run was started with an empty config.</p>;
  return (
    <table className="data" data-testid="run-params">
      <thead>
        <tr>
          <th>param</th>
          <th>value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-param={row.key}>
            <td>
              <code>{row.key}</code>
            </td>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
