'use client';
import type { EditorProps } from '../module';
import type { GraphqlSpec } from './spec';

export function GraphqlEditor({ spec, onChange }: EditorProps<GraphqlSpec>) {
  return (
    <>
      <label className="muted small">query</label>
      <textarea
        className="code-input"
        rows={Math.max(6, spec.query.split('\n').length + 1)}
        value={spec.query}
        spellCheck={false}
        onChange={(event) => onChange({ ...spec, query: event.target.value })}
      />
      <label className="muted small">variables (JSON)</label>
      <textarea
        className="code-input"
        rows={3}
        value={spec.variables}
        spellCheck={false}
        onChange={(event) => onChange({ ...spec, variables: event.target.value })}
      />
      <div className="editor-row">
        <label>
          show as{' '}
          <select value={spec.view} onChange={(event) => onChange({ ...spec, view: event.target.value as GraphqlSpec['view'] })}>
            <option value="table">table</option>
            <option value="json">JSON</option>
          </select>
        </label>
      </div>
    </>
  );
}
