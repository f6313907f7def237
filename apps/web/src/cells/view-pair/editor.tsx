'use client';
import type { EditorProps } from '../module';
import { ColormapSelect, ExplainerInput } from '../shared/map-controls';
import { RunsBindingEditor } from '../shared/runs-binding-editor';
import type { ViewPairSpec } from './cell-spec';

export function ViewPairEditor({ spec, onChange, links }: EditorProps<ViewPairSpec>) {
  return (
    <>
      <RunsBindingEditor label="Run (two-view)" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <ExplainerInput label="explainer" size={16} placeholder="gradcam" value={[spec.method]} onChange={(ids) => onChange({ ...spec, method: ids[0] ?? 'gradcam', query: null })} />
        <label>
          <input type="checkbox" checked={spec.outline} onChange={(event) => onChange({ ...spec, outline: event.target.checked })} /> ground-truth outline
        </label>
        <ColormapSelect value={spec.colormap} onChange={(colormap) => onChange({ ...spec, colormap })} />
      </div>
    </>
  );
}
