'use client';
import { useMutation, useQuery } from '@apollo/client/react';
import type { PlainCell } from '@protoscope/notebook-doc';
import { useMemo, useState } from 'react';
import { cellModuleFor } from '../cells/registry';
import { errorText, Notice } from '../cells/shared/notice';
import { NOTEBOOK_VERSION_CELLS, NOTEBOOK_VERSIONS, plainCells, RESTORE_VERSION, SAVE_VERSION, type VersionSummary } from './queries';
import { versionChanges, type ChangeRow } from './version-changes';

const KIND_WORDS: Record<VersionSummary['kind'], string> = { MANUAL: 'saved', AUTO: 'while editing', RESTORE: 'restored' };
const titleOf = (type: string) => cellModuleFor(type)?.title ?? type;

/**
 * The notebook's history: versions newest first (who, when, how), what a chosen version changed
 * compared with the one before it and with the notebook now, restoring it (the server applies it to
 * the live document as a new change, so nothing is rewritten), and saving a version by hand.
 */
export function HistoryPanel(props: { notebookId: string; readOnly: boolean; currentCells: readonly PlainCell[]; onClose(): void }) {
  const { notebookId, readOnly, currentCells } = props;
  const { data, error, refetch } = useQuery(NOTEBOOK_VERSIONS, { variables: { id: notebookId }, fetchPolicy: 'network-only' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [saveVersion, saving] = useMutation(SAVE_VERSION);
  const [restoreVersion, restoring] = useMutation(RESTORE_VERSION);
  const versions = useMemo(() => [...(data?.notebook?.versions ?? [])].sort((a, b) => b.number - a.number), [data]);
  const selectedIndex = versions.findIndex((version) => version.id === selectedId);
  const previous = selectedIndex >= 0 ? versions[selectedIndex + 1] : undefined;

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      await refetch();
    } catch (failure) {
      setActionError(errorText(failure));
    }
  }

  return (
    <section className="side-panel" data-testid="history-panel" aria-label="History">
      <div className="editor-row">
        <h2>History</h2>
        <span className="spacer" />
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {readOnly ? null : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(async () => {
              await saveVersion({ variables: { notebookId, label: label.trim() || null } });
              setLabel('');
            });
          }}
        >
          <input aria-label="Version label" placeholder="Label (optional)" value={label} maxLength={200} onChange={(event) => setLabel(event.target.value)} />
          <button type="submit" disabled={saving.loading} data-testid="save-version">
            Save a version
          </button>
        </form>
      )}
      {error ? <Notice tone="error">Could not load the history: {errorText(error)}</Notice> : null}
      {actionError ? <Notice tone="error">{actionError}</Notice> : null}
      {data && versions.length === 0 ? <p className="muted small">No versions yet: one is taken while people edit, or save one now.</p> : null}
      <ol className="version-list" data-testid="version-list">
        {versions.map((version) => (
          <li key={version.id} className={version.id === selectedId ? 'selected' : undefined} data-testid="version" data-version-number={version.number}>
            <button type="button" onClick={() => setSelectedId(version.id === selectedId ? null : version.id)} aria-pressed={version.id === selectedId}>
              v{version.number}
            </button>
            <span>{version.label ?? KIND_WORDS[version.kind]}</span>
            <span className="muted small">
              {version.author?.name ?? 'the server'} · {new Date(version.createdAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ol>
      {selectedId ? (
        <VersionDetail
          versionId={selectedId}
          previousId={previous?.id ?? null}
          currentCells={currentCells}
          readOnly={readOnly}
          restoring={restoring.loading}
          onRestore={() => void act(() => restoreVersion({ variables: { versionId: selectedId } }))}
        />
      ) : null}
    </section>
  );
}

function VersionDetail(props: { versionId: string; previousId: string | null; currentCells: readonly PlainCell[]; readOnly: boolean; restoring: boolean; onRestore(): void }) {
  const chosen = useQuery(NOTEBOOK_VERSION_CELLS, { variables: { id: props.versionId }, fetchPolicy: 'no-cache' });
  const before = useQuery(NOTEBOOK_VERSION_CELLS, { variables: { id: props.previousId ?? '' }, skip: props.previousId === null, fetchPolicy: 'no-cache' });
  const chosenCells = chosen.data?.notebookVersion?.cells;
  const cells = chosenCells ? plainCells(chosenCells) : undefined;
  if (chosen.error) return <Notice tone="error">Could not load the version: {errorText(chosen.error)}</Notice>;
  if (!cells) return <p className="muted small">Loading the version…</p>;
  const beforeCells = before.data?.notebookVersion?.cells;
  const previousCells = props.previousId === null ? [] : beforeCells ? plainCells(beforeCells) : undefined;
  return (
    <div data-testid="version-detail">
      <h3 className="small">What this version changed</h3>
      {previousCells ? <ChangeList rows={versionChanges(previousCells, cells, titleOf)} testId="version-changes" /> : <p className="muted small">Loading…</p>}
      <h3 className="small">Restoring it would change</h3>
      <ChangeList rows={versionChanges(props.currentCells, cells, titleOf)} testId="restore-changes" />
      {props.readOnly ? null : (
        <button type="button" onClick={props.onRestore} disabled={props.restoring} data-testid="restore-version">
          Restore this version
        </button>
      )}
    </div>
  );
}

const KIND_LABEL: Record<ChangeRow['kind'], string> = { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' };

function ChangeList({ rows, testId }: { rows: readonly ChangeRow[]; testId: string }) {
  if (rows.length === 0) return <p className="muted small" data-testid={testId}>No differences.</p>;
  return (
    <ul className="small" data-testid={testId}>
      {rows.map((row) => (
        <li key={`${row.kind}-${row.cellId}`} className={`diff-${row.kind}`} data-change={row.kind}>
          {KIND_LABEL[row.kind]}: {row.cell}
          {row.detail ? ` — ${row.detail}` : ''}
        </li>
      ))}
    </ul>
  );
}
