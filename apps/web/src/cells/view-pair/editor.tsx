'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor } from '../shared/runs-binding-editor';
import type { ViewPairSpec } from './spec';

export function ViewPairEditor({ spec, onChange, links }: EditorProps<ViewPairSpec>) {
  return (
    <>
      <RunsBindingEditor label="Run (two-view)" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          explainer{' '}
          <input size={16} placeholder="gradcam" defaultValue={spec.method} onBlur={(event) => onChange({ ...spec, method: event.target.value.trim() || 'gradcam', query: null })} />
        </label>
        <label>
          <input type="checkbox" checked={spec.outline} onChange={(event) => onChange({ ...spec, outline: event.target.checked })} /> ground-truth outline
        </label>
        <label>
          colour map{' '}
          <select value={spec.colormap} onChange={(event) => onChange({ ...spec, colormap: event.target.value as ViewPairSpec['colormap'] })}>
            {['jet', 'viridis'].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </>
  );
}
