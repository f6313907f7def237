'use client';
import { useState } from 'react';
import type { CellModule, NotebookLinks } from '../cells/module';
import type { CellResolution } from '../cells/resolve-inputs';
import { CellErrorBoundary } from './cell-error-boundary';
import type { SaveState } from './save-state';
import { SpecJsonEditor } from './spec-json-editor';

export interface CellFrameProps {
  cellId: string;
  type: string;
  index: number;
  count: number;
  module: CellModule<unknown> | undefined;
  spec: unknown;
  resolution: CellResolution | undefined;
  saveState: SaveState | undefined;
  links: NotebookLinks;
  startEditing: boolean;
  onEdit(spec: unknown): void;
  onMove(toIndex: number): void;
  onDelete(): void;
}

export function CellFrame(props: CellFrameProps) {
  const { cellId, type, index, count, module, spec, resolution, saveState, links } = props;
  const [editing, setEditing] = useState(props.startEditing);
  const [rawJson, setRawJson] = useState(false);
  // "Run" remounts the renderer, which re-queries (cache-and-network) with the current spec.
  const [runCount, setRunCount] = useState(0);
  const problems = resolution?.problems ?? [];
  const specIsValid = module !== undefined && problems.every((problem) => !problem.startsWith('spec does not fit'));

  return (
    <article className="cell" data-testid={`cell-${type}`} data-cell-id={cellId} data-cell-type={type}>
      <header className="cell-toolbar">
        <span className="cell-index">#{index + 1}</span>
        <span className="cell-type">{module?.title ?? type}</span>
        <span className={`cell-save cell-save-${saveState?.status ?? 'saved'}`}>
          {saveState?.status === 'unsaved' ? 'unsaved' : saveState?.status === 'saving' ? 'saving…' : saveState?.status === 'failed' ? 'not saved' : ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing}>
          {editing ? 'Done' : 'Edit'}
        </button>
        <button type="button" onClick={() => setRunCount(runCount + 1)} title="Run the cell's queries again">
          Run
        </button>
        <button type="button" onClick={() => props.onMove(index - 1)} disabled={index === 0} title="Move up" aria-label="Move up">
          ↑
        </button>
        <button type="button" onClick={() => props.onMove(index + 1)} disabled={index === count - 1} title="Move down" aria-label="Move down">
          ↓
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(`Delete cell #${index + 1} (${module?.title ?? type})?`)) props.onDelete();
          }}
        >
          Delete
        </button>
      </header>
      {problems.length > 0 ? (
        <ul className="notice notice-error problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <div className="cell-editor">
          {module && specIsValid && !rawJson ? <module.Editor cellId={cellId} spec={spec} onChange={props.onEdit} links={links} /> : null}
          {rawJson || !specIsValid ? <SpecJsonEditor spec={spec} onChange={props.onEdit} /> : null}
          {module && specIsValid ? (
            <label className="muted small">
              <input type="checkbox" checked={rawJson} onChange={(event) => setRawJson(event.target.checked)} /> edit the spec as JSON
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="cell-output">
        {module && specIsValid ? (
          <CellErrorBoundary key={`${runCount}`}>
            <module.Renderer cellId={cellId} spec={spec} inputs={resolution?.inputs ?? {}} links={links} onSpecChange={props.onEdit} />
          </CellErrorBoundary>
        ) : null}
      </div>
    </article>
  );
}
