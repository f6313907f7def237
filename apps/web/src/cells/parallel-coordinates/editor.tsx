'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor, splitList } from '../shared/runs-binding-editor';
import type { ParallelCoordinatesSpec } from './cell-spec';

export function ParallelCoordinatesEditor({ spec, onChange, links }: EditorProps<ParallelCoordinatesSpec>) {
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          params{' '}
          <input
            size={40}
            placeholder="the params that differ; or e.g. method.optimizer.lr"
            defaultValue={spec.params.join(', ')}
            onBlur={(event) => onChange({ ...spec, params: splitList(event.target.value) })}
          />
        </label>
        <label>
          metric <input value={spec.metric} placeholder="first key" onChange={(event) => onChange({ ...spec, metric: event.target.value })} />
        </label>
      </div>
    </>
  );
}
