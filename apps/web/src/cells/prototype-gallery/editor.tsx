'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor } from '../shared/runs-binding-editor';
import type { PrototypeGallerySpec } from './cell-spec';

export function PrototypeGalleryEditor({ spec, onChange, links }: EditorProps<PrototypeGallerySpec>) {
  const count = (value: string, max: number) => Math.min(max, Math.max(1, Math.trunc(Number(value)) || 1));
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          runs shown <input type="number" min={1} max={8} value={spec.maxRuns} onChange={(event) => onChange({ ...spec, maxRuns: count(event.target.value, 8) })} />
        </label>
        <label>
          per class <input type="number" min={1} max={50} value={spec.perClass} onChange={(event) => onChange({ ...spec, perClass: count(event.target.value, 50) })} />
        </label>
        <label>
          nearest patches{' '}
          <input type="number" min={0} max={10} value={spec.nearest} onChange={(event) => onChange({ ...spec, nearest: Math.min(10, Math.max(0, Math.trunc(Number(event.target.value)) || 0)) })} />
        </label>
        <label>
          <input type="checkbox" checked={spec.showActivation} onChange={(event) => onChange({ ...spec, showActivation: event.target.checked })} /> activation maps
        </label>
      </div>
    </>
  );
}
