'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import { defaultSpecFor } from '../cells/default-spec';
import type { PortKind } from '../cells/definition';
import type { NotebookLinks } from '../cells/module';
import { cellModuleFor, cellTypes, lookupDefinition } from '../cells/registry';
import { cellsWithOutput, parseCellSpec, resolveInputs, type CellRecord } from '../cells/resolve-inputs';
import { errorText, Notice } from '../cells/shared/notice';
import { TrainingPanel } from '../training/training-panel';
import { CellFrame } from './cell-frame';
import { ADD_CELL, DELETE_CELL, MOVE_CELL, NOTEBOOK, RENAME_NOTEBOOK, UPDATE_CELL } from './queries';
import { summarizeSaveStates } from './save-state';
import { useAutosave } from './use-autosave';

export function NotebookView({ notebookId }: { notebookId: string }) {
  const { data, loading, error, refetch } = useQuery(NOTEBOOK, { variables: { id: notebookId } });
  const [updateCell] = useMutation(UPDATE_CELL);
  const [addCell, adding] = useMutation(ADD_CELL);
  const [moveCell] = useMutation(MOVE_CELL);
  const [deleteCell] = useMutation(DELETE_CELL);
  const [renameNotebook] = useMutation(RENAME_NOTEBOOK);
  const [actionError, setActionError] = useState<string | null>(null);
  const [newCellIds, setNewCellIds] = useState<ReadonlySet<string>>(new Set());

  const save = useCallback(
    async (cellId: string, spec: unknown) => {
      await updateCell({ variables: { id: cellId, spec } });
    },
    [updateCell],
  );
  const autosave = useAutosave(save);

  const notebook = data?.notebook;
  // What the page shows: the server's cells with this tab's unsaved edits on top.
  const cells: CellRecord[] = useMemo(
    () =>
      [...(notebook?.cells ?? [])]
        .sort((a, b) => a.position - b.position)
        .map((cell) => ({ id: cell.id, type: cell.type, spec: cell.id in autosave.drafts ? autosave.drafts[cell.id] : cell.spec })),
    [notebook, autosave.drafts],
  );
  const resolutions = useMemo(() => resolveInputs(cells, lookupDefinition), [cells]);
  const links = useMemo(() => notebookLinks(cells), [cells]);
  const summary = summarizeSaveStates(Object.values(autosave.states));

  async function run(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      await refetch();
    } catch (failure) {
      setActionError(errorText(failure));
    }
  }

  async function onAdd(type: string) {
    const module = cellModuleFor(type);
    if (!module) return;
    const spec = defaultSpecFor(module, cells, cells.length, lookupDefinition);
    await run(async () => {
      const result = await addCell({ variables: { notebookId, type, spec } });
      if (result.data) setNewCellIds((previous) => new Set(previous).add(result.data!.addCell.id));
    });
  }

  if (error && !data) return <Notice tone="error">Could not load the notebook: {errorText(error)}</Notice>;
  if (loading && !data) return <p className="muted">Loading notebook…</p>;
  if (!notebook) return <Notice tone="error">There is no notebook with id “{notebookId}”.</Notice>;

  return (
    <section className="notebook" data-testid="notebook" data-notebook-id={notebook.id}>
      <div className="notebook-header">
        <h1
          contentEditable
          suppressContentEditableWarning
          onBlur={(event) => {
            const title = event.currentTarget.textContent?.trim();
            if (title && title !== notebook.title) void run(() => renameNotebook({ variables: { id: notebook.id, title } }));
          }}
        >
          {notebook.title}
        </h1>
        <span className={`save-state save-state-${summary.status}`} data-testid="save-state" data-state={summary.status}>
          {summary.text}
        </span>
      </div>
      {actionError ? <Notice tone="error">{actionError}</Notice> : null}
      <TrainingPanel />
      {cells.length === 0 ? <p className="muted">This notebook has no cells yet; add one below.</p> : null}
      {cells.map((cell, index) => {
        const module = cellModuleFor(cell.type);
        const parsed = parseCellSpec(cell, lookupDefinition);
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
            saveState={autosave.states[cell.id]}
            links={links.forCell(cell.id)}
            startEditing={newCellIds.has(cell.id)}
            onEdit={(spec) => autosave.edit(cell.id, spec)}
            onMove={(toIndex) => void run(() => moveCell({ variables: { id: cell.id, index: toIndex } }))}
            onDelete={() =>
              void run(async () => {
                autosave.discard(cell.id);
                await deleteCell({ variables: { id: cell.id } });
              })
            }
          />
        );
      })}
      <AddCellBar disabled={adding.loading} onAdd={(type) => void onAdd(type)} />
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
      <button type="button" data-testid="add-cell" disabled={disabled} onClick={() => onAdd(type)}>
        Add cell
      </button>
      <span className="muted small">{description}</span>
    </div>
  );
}

function notebookLinks(cells: readonly CellRecord[]) {
  const labelOf = (cellId: string) => {
    const index = cells.findIndex((cell) => cell.id === cellId);
    if (index < 0) return 'a deleted cell';
    const cell = cells[index]!;
    return `#${index + 1} ${cellModuleFor(cell.type)?.title ?? cell.type}`;
  };
  return {
    forCell(cellId: string): NotebookLinks {
      return {
        labelOf,
        sourcesFor: (kind: PortKind) =>
          cellsWithOutput(cells, kind, lookupDefinition, cellId).map((cell) => ({ id: cell.id, label: labelOf(cell.id) })),
      };
    },
  };
}
