'use client';
import type { RunIdsBinding } from '../bindings';
import type { NotebookLinks } from '../module';
import { RunsBindingEditor } from './runs-binding-editor';

/** What cells that read a stored classification evaluation of each run have in their spec. */
export interface EvaluationSource {
  runs: RunIdsBinding;
  evaluation: string;
  split: string;
}

/** The runs binding and the evaluation name/split inputs, shared by the ROC/PR and confusion-matrix editors. */
export function EvaluationSourceFields<Spec extends EvaluationSource>({
  spec,
  onChange,
  links,
}: {
  spec: Spec;
  onChange: (spec: Spec) => void;
  links: NotebookLinks;
}) {
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
      </div>
    </>
  );
}
