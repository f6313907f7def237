'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor } from '../shared/runs-binding-editor';
import type { ConfusionMatrixSpec } from './spec';

export function ConfusionMatrixEditor({ spec, onChange, links }: EditorProps<ConfusionMatrixSpec>) {
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          evaluation <input value={spec.evaluation} onChange={(event) => onChange({ ...spec, evaluation: event.target.value || 'classification' })} />
        </label>
        <label>
          split <input value={spec.split} placeholder="any" size={8} onChange={(event) => onChange({ ...spec, split: event.target.value })} />
        </label>
        <label>
          values{' '}
          <select value={spec.normalize} onChange={(event) => onChange({ ...spec, normalize: event.target.value as ConfusionMatrixSpec['normalize'] })}>
            <option value="counts">counts</option>
            <option value="rows">share of each actual class</option>
          </select>
        </label>
      </div>
    </>
  );
}
