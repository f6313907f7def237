'use client';
import type { EditorProps } from '../module';
import { EvaluationSourceFields } from '../shared/evaluation-source-fields';
import type { ConfusionMatrixSpec } from './cell-spec';

export function ConfusionMatrixEditor({ spec, onChange, links }: EditorProps<ConfusionMatrixSpec>) {
  return (
    <>
      <EvaluationSourceFields spec={spec} onChange={onChange} links={links} />
      <div className="editor-row">
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
