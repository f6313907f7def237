'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import { addCell, deleteCell, moveCell, NotebookDocError } from '@protoscope/notebook-doc';
import { useEffect, useMemo, useState } from 'react';
import { useGraphqlEndpoint } from '../apollo/provider';
import { defaultSpecFor } from '../cells/default-spec';
import type { PortKind } from '../cells/definition';
import type { NotebookLinks } from '../cells/module';
import { cellModuleFor, cellTypes, lookupDefinition } from '../cells/registry';
import { cellsWithOutput, parseCellSpec, resolveInputs, type CellRecord } from '../cells/resolve-inputs';
import { errorText, Notice } from '../cells/shared/notice';
import { CollabContext } from '../collab/collab-context';
import { collabEndpointFor } from '../collab/collab-endpoint';
import { ConnectionIndicator } from '../collab/connection-indicator';
import { summarizeConnection } from '../collab/connection-state';
import { PresenceBar } from '../collab/presence-bar';
import { loadSharedTextEditor } from '../collab/shared-text-field';
import { othersInCell, presenceUser } from '../collab/presence';
import { useCollabDocument } from '../collab/use-collab-document';
import { useCurrentUser } from '../collab/use-current-user';
import { usePeers } from '../collab/use-peers';
import { CommentThreads } from '../comments/comment-threads';
import { useCommentThreads } from '../comments/use-comment-threads';
import { HistoryPanel } from '../history/history-panel';
import { markOnce, TIMELINE_MARKS } from '../timeline/timeline-marks';
import { TrainingPanel } from '../training/training-panel';
import { CellFrame } from './cell-frame';
import { newCellId, writeSpecChange } from './doc-edits';
import { NOTEBOOK, RENAME_NOTEBOOK } from './queries';
import { keepUnchangedCells } from './stable-cells';
import { useDocCells } from './use-doc-cells';

/**
 * A notebook page. Its cells come from the notebook's live document (shared with everyone who has it
 * open); adding, moving, deleting and editing cells change the document, which the server stores and
 * writes through to the rows GraphQL reads. Outputs and run data still come from GraphQL.
 * Until the live document has synced, the page shows the stored cells of the notebook query (the same
 * request that reads its title and access) read-only, so the first screen does not wait for `/collab`;
 * then it shows the document's cells, keeping every cell whose spec did not change as it was.
 */
export function NotebookView({ notebookId }: { notebookId: string }) {
  const endpoint = useGraphqlEndpoint();
  const { data, loading, error, refetch } = useQuery(NOTEBOOK, { variables: { id: notebookId } });
  const [renameNotebook] = useMutation(RENAME_NOTEBOOK);
  const me = useCurrentUser();
  const user = useMemo(() => (me.user ? presenceUser(me.user) : null), [me.user]);
  const { collab, facts } = useCollabDocument(notebookId, collabEndpointFor(endpoint), user);
  const docCells = useDocCells(collab?.doc ?? null);
  const peers = usePeers(collab?.awareness ?? null);
  const threads = useCommentThreads(notebookId, collab?.provider ?? null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [newCellIds, setNewCellIds] = useState<ReadonlySet<string>>(new Set());
  const [showHistory, setShowHistory] = useState(false);
  const [everSynced, setEverSynced] = useState(false);
  if (facts.synced && !everSynced) setEverSynced(true);

  const readOnly = facts.readOnly || (data?.notebook?.access ?? 'WRITE') !== 'WRITE';
  // Nothing is written before the live document has synced: an edit made to the snapshot could not be merged.
  const editable = everSynced && !readOnly;
  const storedCells = data?.notebook?.cells;
  const snapshotCells = useMemo<CellRecord[]>(() => (storedCells ?? []).map(({ id, type, spec }) => ({ id, type, spec })), [storedCells]);
  const cells = useStableCells(everSynced ? docCells : snapshotCells);
  const resolutions = useMemo(() => resolveInputs(cells, lookupDefinition), [cells]);
  const links = useMemo(() => notebookLinks(cells), [cells]);
  const summary = summarizeConnection(facts);

  /** Every write goes through here: nothing on a read-only page, and a refused change is shown, not thrown. */
  function change(action: () => void) {
    if (!collab || !editable) return;
    setActionError(null);
    try {
      action();
    } catch (failure) {
      setActionError(failure instanceof NotebookDocError ? failure.message : errorText(failure));
    }
  }

  function onAdd(type: string) {
    const module = cellModuleFor(type);
    if (!module) return;
    const spec = defaultSpecFor(module, cells, cells.length, lookupDefinition);
    const id = newCellId();
    change(() => addCell(collab!.doc, { id, type, spec, index: cells.length }));
    setNewCellIds((previous) => new Set(previous).add(id));
  }

  // Editors load once the page is live, so one opened later (offline too) is there; scripts wait for data-editors-ready.
  const [editorsReady, setEditorsReady] = useState(false);
  useEffect(() => {
    if (!everSynced) return undefined;
    let mounted = true;
    loadSharedTextEditor().then(
      () => mounted && setEditorsReady(true),
      () => undefined, // offline: an editor opened later tries again
    );
    return () => {
      mounted = false;
    };
  }, [everSynced]);

  const showingCells = data?.notebook != null;
  useEffect(() => {
    if (showingCells) markOnce(TIMELINE_MARKS.cellsShown);
  }, [showingCells]);

  if (error && !data) return <Notice tone="error">Could not load the notebook: {errorText(error)}</Notice>;
  if (loading && !data) return <p className="muted">Loading notebook…</p>;
  const notebook = data?.notebook;
  if (!notebook) return <Notice tone="error">There is no notebook with id “{notebookId}”.</Notice>;

  return (
    <section className="notebook" data-testid="notebook" data-notebook-id={notebook.id} data-readonly={readOnly} data-editors-ready={editorsReady}>
      <div className="notebook-header">
        <h1
          contentEditable={!readOnly}
          suppressContentEditableWarning
          onBlur={(event) => {
            const title = event.currentTarget.textContent?.trim();
            if (title && title !== notebook.title) {
              void renameNotebook({ variables: { id: notebook.id, title } }).then(
                () => refetch(),
                (failure: unknown) => setActionError(errorText(failure)),
              );
            }
          }}
        >
          {notebook.title}
        </h1>
        <PresenceBar peers={peers} labelOf={links.labelOf} />
        <ConnectionIndicator summary={summary} />
        <button type="button" onClick={() => setShowHistory(!showHistory)} aria-pressed={showHistory} data-testid="toggle-history">
          History
        </button>
      </div>
      {me.error ? <Notice tone="error">Could not tell who is signed in: {me.error}</Notice> : null}
      {readOnly && everSynced ? <p className="muted small" data-testid="readonly-notice">You can view this notebook; only its editors can change it.</p> : null}
      {actionError ? <Notice tone="error">{actionError}</Notice> : null}
      {showHistory ? <HistoryPanel notebookId={notebookId} readOnly={readOnly} currentCells={docCells} onClose={() => setShowHistory(false)} /> : null}
      <TrainingPanel />
      {!everSynced ? (
        <p className="muted" data-testid="notebook-connecting">
          {facts.refusal ? `The live notebook refused this page: ${facts.refusal}` : 'Opening the live notebook… the cells below are read-only until it is connected.'}
        </p>
      ) : null}
      {/* One tree before and after the live document syncs, so no cell is mounted again. */}
      <CollabContext.Provider value={collab ? { doc: collab.doc, awareness: collab.awareness, readOnly: !editable } : null}>
        {cells.length === 0 ? <p className="muted">This notebook has no cells yet{readOnly ? '.' : '; add one below.'}</p> : null}
        {cells.map((cell, index) => {
          const module = cellModuleFor(cell.type);
          const parsed = parsedSpecOf(cell);
          return (
            <CellFrame
              key={cell.id}
              cellId={cell.id}
              type={cell.type}
              index={index}
              count={cells.length}
              module={module}
              spec={parsed.spec}
              resolution={resolutions.get(cell.id)}
              links={links.forCell(cell.id)}
              startEditing={newCellIds.has(cell.id)}
              readOnly={!editable}
              peersHere={othersInCell(peers, cell.id)}
              openThreads={threads.openCount(cell.id)}
              comments={<CommentThreads cellId={cell.id} threads={threads} />}
              onEdit={(spec) => change(() => writeSpecChange(collab!.doc, cell.id, parsed.spec, spec))}
              onMove={(toIndex) => change(() => moveCell(collab!.doc, cell.id, toIndex))}
              onDelete={() => change(() => deleteCell(collab!.doc, cell.id))}
              onEnter={() => {
                if (collab && collab.awareness.getLocalState()?.['cellId'] !== cell.id) collab.awareness.setLocalStateField('cellId', cell.id);
              }}
            />
          );
        })}
        {readOnly ? null : <AddCellBar onAdd={onAdd} disabled={!editable} />}
      </CollabContext.Provider>
    </section>
  );
}

function AddCellBar({ onAdd, disabled }: { onAdd(type: string): void; disabled: boolean }) {
  const types = cellTypes();
  const [type, setType] = useState(types[0]?.type ?? 'markdown');
  const description = types.find((module) => module.type === type)?.description;
  return (
    <div className="add-cell">
      <label>
        Add a cell:{' '}
        <select data-testid="add-cell-type" value={type} onChange={(event) => setType(event.target.value)}>
          {types.map((module) => (
            <option key={module.type} value={module.type}>
              {module.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="add-cell" onClick={() => onAdd(type)} disabled={disabled}>
        Add cell
      </button>
      <span className="muted small">{description}</span>
    </div>
  );
}

/** A cell's parsed spec, made once per cell object, so a cell that did not change hands its output the same spec. */
const parsedSpecs = new WeakMap<CellRecord, ReturnType<typeof parseCellSpec>>();
function parsedSpecOf(cell: CellRecord): ReturnType<typeof parseCellSpec> {
  let parsed = parsedSpecs.get(cell);
  if (!parsed) parsedSpecs.set(cell, (parsed = parseCellSpec(cell, lookupDefinition)));
  return parsed;
}

/** The cells, each one that did not change keeping its object (stable-cells.ts), derived while rendering. */
function useStableCells(next: readonly CellRecord[]): readonly CellRecord[] {
  const [state, setState] = useState({ source: next, kept: next });
  if (state.source === next) return state.kept;
  const kept = keepUnchangedCells(state.kept, next);
  setState({ source: next, kept });
  return kept;
}

function notebookLinks(cells: readonly CellRecord[]) {
  const labelOf = (cellId: string) => {
    const index = cells.findIndex((cell) => cell.id === cellId);
    if (index < 0) return 'a deleted cell';
    const cell = cells[index]!;
    return `#${index + 1} ${cellModuleFor(cell.type)?.title ?? cell.type}`;
  };
  return {
    labelOf,
    forCell(cellId: string): NotebookLinks {
      return {
        labelOf,
        sourcesFor: (kind: PortKind) =>
          cellsWithOutput(cells, kind, lookupDefinition, cellId).map((cell) => ({ id: cell.id, label: labelOf(cell.id) })),
      };
    },
  };
}
