'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor } from '../shared/runs-binding-editor';
import type { RocPrSpec } from './spec';

export function RocPrEditor({ spec, onChange, links }: EditorProps<RocPrSpec>) {
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
          show{' '}
          <select value={spec.show} onChange={(event) => onChange({ ...spec, show: event.target.value as RocPrSpec['show'] })}>
            <option value="both">ROC and PR</option>
            <option value="roc">ROC</option>
            <option value="pr">PR</option>
          </select>
        </label>
        <label>
          class (multi-class){' '}
          <input
            type="number"
            min={0}
            size={4}
            value={spec.classIndex ?? ''}
            placeholder="1"
            onChange={(event) => onChange({ ...spec, classIndex: event.target.value === '' ? null : Math.max(0, Math.trunc(Number(event.target.value))) })}
          />
        </label>
      </div>
    </>
  );
}
