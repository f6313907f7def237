/**
 * History of a notebook: snapshots on demand (automatic ones are taken by DocumentPersistence while
 * people edit), the difference between two versions or between a version and now, and restore —
 * applied to the live document as an ordinary change, then recorded as a new version.
 */
import { diffCells, readCells, replaceCells, type CellsDiff, type PlainCell } from '@protoscope/notebook-doc';
import { InvalidInputError, type NotebookVersion, type Store } from '@protoscope/tracking';
import type { CollabServer } from './collab-server';
import type { Editor } from './document-persistence';

export interface NotebookVersionDiff extends CellsDiff {
  from: NotebookVersion;
  /** Undefined when compared with the notebook now. */
  to: NotebookVersion | undefined;
}

export class NotebookHistory {
  readonly #collab: CollabServer;
  readonly #store: Store;

  constructor(collab: CollabServer, store: Store) {
    this.#collab = collab;
    this.#store = store;
  }

  async snapshot(notebookId: string, label: string | null, author: Editor | null): Promise<NotebookVersion> {
    const cells = await this.#collab.read(notebookId, readCells);
    const version = await this.#store.versions.save(notebookId, { kind: 'manual', label, author, cells });
    this.#collab.snapshotTaken(notebookId, cells);
    return version;
  }

  /** Brings the notebook back to the version's cells as a new change, and records a RESTORE version. */
  async restore(versionId: string, author: Editor | null): Promise<NotebookVersion> {
    const target = await this.#store.versions.get(versionId);
    const { result: cells } = await this.#collab.edit(target.notebookId, author, (doc) => {
      replaceCells(doc, target.cells);
      return readCells(doc);
    });
    const version = await this.#store.versions.save(target.notebookId, {
      kind: 'restore',
      label: `restored version ${target.number}`,
      author,
      cells,
    });
    this.#collab.snapshotTaken(target.notebookId, cells);
    return version;
  }

  /** From version `fromId` to version `toId`, or to the notebook as it is now. */
  async diff(fromId: string, toId: string | undefined): Promise<NotebookVersionDiff> {
    const from = await this.#store.versions.get(fromId);
    const to = toId === undefined ? undefined : await this.#store.versions.get(toId);
    if (to && to.notebookId !== from.notebookId) {
      throw new InvalidInputError(`notebookDiff: version ${fromId} is of notebook ${from.notebookId} but ${toId} is of notebook ${to.notebookId}`);
    }
    const after: PlainCell[] = to ? to.cells : await this.#collab.read(from.notebookId, readCells);
    return { from, to, ...diffCells(from.cells, after) };
  }
}
