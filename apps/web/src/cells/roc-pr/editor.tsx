'use client';
import type { EditorProps } from '../module';
import { EvaluationSourceFields } from '../shared/evaluation-source-fields';
import type { RocPrSpec } from './cell-spec';

export function RocPrEditor({ spec, onChange, links }: EditorProps<RocPrSpec>) {
  return (
    <>
      <EvaluationSourceFields spec={spec} onChange={onChange} links={links} />
      <div className="editor-row">
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
