'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { preloadPlotly } from '../charts/plotly-bundles';
import type { CellModule, NotebookLinks } from '../cells/module';
import type { CellResolution } from '../cells/resolve-inputs';
import { CellPresence } from '../collab/presence-bar';
import type { Peer } from '../collab/presence';
import { CellErrorBoundary } from './cell-error-boundary';
import { SpecJsonEditor } from './spec-json-editor';
import { useNearViewport } from './use-near-viewport';

export interface CellFrameProps {
  cellId: string;
  type: string;
  index: number;
  count: number;
  module: CellModule<unknown> | undefined;
  spec: unknown;
  resolution: CellResolution | undefined;
  links: NotebookLinks;
  startEditing: boolean;
  /** A viewer's page: editors are shown disabled; moving, deleting and spec changes are off. */
  readOnly: boolean;
  /** Other people whose cursor or focus is in this cell. */
  peersHere: readonly Peer[];
  /** Open comment threads on the cell (the toolbar's count). */
  openThreads?: number;
  /** The cell's comment threads, shown under it when asked for (no Comments button without them). */
  comments?: ReactNode;
  onEdit(spec: unknown): void;
  onMove(toIndex: number): void;
  onDelete(): void;
  /** The person is now in this cell (focus or click): their presence says so. */
  onEnter(): void;
}

export function CellFrame(props: CellFrameProps) {
  const { cellId, type, index, count, module, spec, resolution, links, readOnly } = props;
  const [editing, setEditing] = useState(props.startEditing);
  const [showComments, setShowComments] = useState(false);
  const [rawJson, setRawJson] = useState(false);
  // "Run" remounts the renderer, which re-queries (cache-and-network) with the current spec.
  const [runCount, setRunCount] = useState(0);
  const problems = resolution?.problems ?? [];
  const specIsValid = module !== undefined && problems.every((problem) => !problem.startsWith('spec does not fit'));
  // A cell's output (its queries, its table or plots) is made at once near the window, otherwise in the
  // background one cell at a time, so a long notebook's first screen never waits for the cells below.
  const [outputRef, nearViewport] = useNearViewport<HTMLDivElement>();
  // A chart cell being drawn loads its plotly bundle now, while its queries run, not once their data is back.
  const plotlyBundle = module?.plotly;
  useEffect(() => {
    if (nearViewport && plotlyBundle) preloadPlotly(plotlyBundle);
  }, [nearViewport, plotlyBundle]);

  return (
    <article
      className="cell"
      data-testid={`cell-${type}`}
      data-cell-id={cellId}
      data-cell-type={type}
      onFocusCapture={props.onEnter}
      onPointerDown={props.onEnter}
    >
      <header className="cell-toolbar">
        <span className="cell-index">#{index + 1}</span>
        <span className="cell-type">{module?.title ?? type}</span>
        <CellPresence peers={props.peersHere} />
        <span className="spacer" />
        <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing}>
          {editing ? 'Done' : readOnly ? 'Source' : 'Edit'}
        </button>
        {props.comments === undefined ? null : (
          <button type="button" onClick={() => setShowComments(!showComments)} aria-pressed={showComments} data-testid="toggle-comments">
            Comments{props.openThreads ? ` (${props.openThreads})` : ''}
          </button>
        )}
        <button type="button" onClick={() => setRunCount(runCount + 1)} title="Run the cell's queries again">
          Run
        </button>
        {readOnly ? null : (
          <>
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
          </>
        )}
      </header>
      {problems.length > 0 ? (
        <ul className="notice notice-error problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        // A disabled fieldset disables every control inside at once (the shared-text editors are read-only on their own).
        <fieldset className="cell-editor" disabled={readOnly} data-testid="cell-editor">
          {module && specIsValid && !rawJson ? <module.Editor cellId={cellId} spec={spec} onChange={props.onEdit} links={links} /> : null}
          {rawJson || !specIsValid ? <SpecJsonEditor spec={spec} onChange={props.onEdit} /> : null}
          {module && specIsValid ? (
            <label className="muted small">
              <input type="checkbox" checked={rawJson} onChange={(event) => setRawJson(event.target.checked)} /> edit the spec as JSON
            </label>
          ) : null}
        </fieldset>
      ) : null}
      {showComments && props.comments !== undefined ? <div className="cell-comments">{props.comments}</div> : null}
      <div className="cell-output" ref={outputRef}>
        {module && specIsValid ? (
          nearViewport ? (
            <CellErrorBoundary key={`${runCount}`}>
              <module.Renderer cellId={cellId} spec={spec} inputs={resolution?.inputs ?? {}} links={links} onSpecChange={props.onEdit} />
            </CellErrorBoundary>
          ) : (
            // Marked for scripts and the first-render benchmark: this cell is not drawn yet, by design.
            <div className="cell-placeholder muted" data-testid="cell-placeholder" data-placeholder="true">
              Drawn shortly, or when scrolled into view.
            </div>
          )
        ) : null}
      </div>
    </article>
  );
}
