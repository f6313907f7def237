'use client';
import { SharedTextField } from '../../collab/shared-text-field';
import type { EditorProps } from '../module';
import type { GraphqlSpec } from './cell-spec';

/** Query and variables are shared text; the view is an ordinary spec key. */
export function GraphqlEditor({ cellId, spec, onChange }: EditorProps<GraphqlSpec>) {
  return (
    <>
      <label className="muted small">query</label>
      <SharedTextField cellId={cellId} field="query" value={spec.query} label="GraphQL query" />
      <label className="muted small">variables (JSON)</label>
      <SharedTextField cellId={cellId} field="variables" value={spec.variables} label="GraphQL variables" placeholder="{}" />
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
