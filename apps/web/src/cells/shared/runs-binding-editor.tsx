'use client';
import type { RunIdsBinding } from '../bindings';
import type { NotebookLinks } from '../module';

export interface RunsBindingEditorProps {
  label: string;
  links: NotebookLinks;
  value: RunIdsBinding;
  onChange(next: RunIdsBinding): void;
}

/** Either "the runs selected in cell #n" or a typed list of run ids. */
export function RunsBindingEditor({ label, links, value, onChange }: RunsBindingEditorProps) {
  const sources = links.sourcesFor('runIds');
  const missing = value.fromCell && !sources.some((source) => source.id === value.fromCell);
  return (
    <fieldset className="binding">
      <legend>{label}</legend>
      <label>
        from{' '}
        <select
          data-testid="binding-source"
          value={value.fromCell ?? ''}
          onChange={(event) => onChange({ ...value, fromCell: event.target.value || undefined })}
        >
          <option value="">run ids listed here</option>
          {sources.map((source) => (
            <option key={source.id} value={source.id}>
              {source.label}
            </option>
          ))}
          {missing ? <option value={value.fromCell}>{links.labelOf(value.fromCell!)}</option> : null}
        </select>
      </label>
      {value.fromCell ? null : (
        <label>
          run ids{' '}
          <input
            type="text"
            placeholder="comma-separated"
            defaultValue={value.runIds.join(', ')}
            onBlur={(event) => onChange({ ...value, runIds: splitList(event.target.value) })}
          />
        </label>
      )}
    </fieldset>
  );
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
