'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor, splitList } from '../shared/runs-binding-editor';
import type { RunDiffSpec } from './cell-spec';

export function RunDiffEditor({ spec, onChange, links }: EditorProps<RunDiffSpec>) {
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          baseline run <input value={spec.baseline} placeholder="the first run" onChange={(event) => onChange({ ...spec, baseline: event.target.value.trim() })} />
        </label>
        <label>
          metrics{' '}
          <input size={36} placeholder="every key" defaultValue={spec.metrics.join(', ')} onBlur={(event) => onChange({ ...spec, metrics: splitList(event.target.value) })} />
        </label>
      </div>
    </>
  );
}
