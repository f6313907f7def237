/**
 * Loading and storing notebook documents. A notebook's document is built from its `cells` rows only
 * the first time (when the store has no state for it) and that state is stored at once; from then on
 * the stored state is the only source, so no cell is ever duplicated by a rebuild. Every store writes
 * the state and makes the rows equal to the document's cells in one transaction, and takes an
 * automatic history snapshot when the cells changed and the last snapshot is old enough.
 */
import { TEXT_FIELDS, addCell, diffCells, readCells, repairOrder, type PlainCell } from '@protoscope/notebook-doc';
import type { Cell, Store } from '@protoscope/tracking';
import * as Y from 'yjs';
import { KeyedLock } from './keyed-lock';

/** Whose edits an automatic snapshot holds. */
export interface Editor {
  id: string | null;
  name: string;
}

export interface PersistenceOptions {
  /** Minimum time between two automatic snapshots of a notebook while it is edited. */
  autoSnapshotMs: number;
}

/** Origin of the server's own changes (order repairs, the first build): not attributed to anyone. */
export const SERVER_ORIGIN = Symbol('protoscope-server');

export class DocumentPersistence {
  readonly #store: Store;
  readonly #options: PersistenceOptions;
  readonly #lock = new KeyedLock();
  readonly #waiting = new Map<string, Promise<Cell[]>>();
  /**
   * Per document: how many updates it has had, and how many of them the last write held. Hocuspocus
   * queues one store per update once its maximum delay has passed, so most stores find nothing new.
   */
  readonly #changes = new WeakMap<Y.Doc, { seen: number; written: number; rows: Cell[] }>();
  /** Per notebook: the time of its last snapshot and who has edited since. */
  readonly #activity = new Map<string, { lastSnapshotAt: number; lastCells: PlainCell[] | undefined; editors: Map<string, Editor> }>();

  constructor(store: Store, options: PersistenceOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Fills `doc` from the stored state, or (the first time only) from the rows, storing that state at once. */
  async load(notebookId: string, doc: Y.Doc): Promise<void> {
    const changes = { seen: 0, written: -1, rows: [] as Cell[] };
    this.#changes.set(doc, changes);
    doc.on('update', () => changes.seen++);
    await this.#lock.run(notebookId, async () => {
      let state = await this.#store.documents.load(notebookId);
      if (!state) {
        const built = new Y.Doc();
        for (const row of await this.#store.cells.list(notebookId)) addCell(built, { id: row.id, type: row.type, spec: asDocumentSpec(row) });
        const first = Y.encodeStateAsUpdate(built);
        // Another server process may have built it meanwhile: then its state is the one everyone uses.
        state = (await this.#store.documents.create(notebookId, first)) ? first : await this.#store.documents.load(notebookId);
      }
      Y.applyUpdate(doc, state!, SERVER_ORIGIN);
      // What was just loaded is what the store holds: nothing to write until someone edits.
      changes.written = changes.seen;
      changes.rows = await this.#store.cells.list(notebookId);
      const latest = await this.#store.versions.latest(notebookId);
      this.#activity.set(notebookId, {
        lastSnapshotAt: latest?.createdAt.getTime() ?? 0,
        lastCells: latest?.cells,
        editors: this.#activity.get(notebookId)?.editors ?? new Map(),
      });
    });
  }

  /** Notes who changed the document, for the next automatic snapshot. */
  noteEditor(notebookId: string, editor: Editor): void {
    const activity = this.#activity.get(notebookId);
    activity?.editors.set(editor.id ?? editor.name, editor);
  }

  /** Writes the document through now (state + rows), then snapshots if due; returns the rows. */
  store(notebookId: string, doc: Y.Doc): Promise<Cell[]> {
    // Stores asked for while one waits for the lock share it: it writes the state as it is when it runs.
    const waiting = this.#waiting.get(notebookId);
    if (waiting) return waiting;
    const queued = this.#lock.run(notebookId, async () => {
      this.#waiting.delete(notebookId);
      const changes = this.#changes.get(doc);
      if (changes && changes.written === changes.seen) return changes.rows;
      return this.#storeLocked(notebookId, doc);
    });
    this.#waiting.set(notebookId, queued);
    return queued;
  }

  /**
   * Runs `work` with the rows up to date with the document: the document is written through until
   * no change arrives during the write, so `work` (synchronous) sees rows and document agree. What
   * `work` changes is written through before this resolves; returns its result and the rows.
   */
  withCurrentRows<T>(notebookId: string, doc: Y.Doc, work: (rows: Cell[]) => T): Promise<{ result: T; rows: Cell[] }> {
    return this.#lock.run(notebookId, async () => {
      let rows: Cell[] = [];
      for (let attempt = 0; attempt < 10; attempt++) {
        const before = Y.encodeStateVector(doc);
        rows = await this.#storeLocked(notebookId, doc);
        if (Buffer.compare(before, Y.encodeStateVector(doc)) === 0) break;
      }
      const result = work(rows);
      return { result, rows: await this.#storeLocked(notebookId, doc) };
    });
  }

  /** Forgets the notebook's in-memory activity (its document was unloaded or the notebook deleted). */
  forget(notebookId: string): void {
    this.#activity.delete(notebookId);
  }

  async #storeLocked(notebookId: string, doc: Y.Doc): Promise<Cell[]> {
    // Two peers moving one cell at once leave its id twice in `order`: tidied here, for everyone.
    doc.transact(() => repairOrder(doc), SERVER_ORIGIN);
    const rows = await this.#write(notebookId, doc);
    await this.#autoSnapshot(notebookId, doc);
    return rows;
  }

  async #write(notebookId: string, doc: Y.Doc): Promise<Cell[]> {
    const changes = this.#changes.get(doc);
    const seen = changes?.seen ?? 0;
    const rows = await this.#store.documents.save(notebookId, { state: Y.encodeStateAsUpdate(doc), cells: readCells(doc) });
    if (changes) {
      changes.written = seen;
      changes.rows = rows;
    }
    return rows;
  }

  async #autoSnapshot(notebookId: string, doc: Y.Doc): Promise<void> {
    const activity = this.#activity.get(notebookId);
    // Only edits by people count: loading, or the server tidying `order`, is no new version.
    if (!activity || activity.editors.size === 0 || Date.now() - activity.lastSnapshotAt < this.#options.autoSnapshotMs) return;
    const cells = readCells(doc);
    const previous = activity.lastCells ?? [];
    const diff = diffCells(previous, cells);
    if (diff.added.length + diff.removed.length + diff.changed.length + diff.moved.length === 0) return;
    const editors = [...activity.editors.values()];
    await this.#store.versions.save(notebookId, {
      kind: 'auto',
      author: editors.length === 0 ? null : editors.length === 1 ? editors[0]! : { id: null, name: editors.map((e) => e.name).join(', ') },
      cells,
    });
    activity.lastSnapshotAt = Date.now();
    activity.lastCells = cells;
    activity.editors.clear();
  }

  /** A snapshot was taken by hand or by a restore: the automatic ones count from it. */
  snapshotTaken(notebookId: string, cells: PlainCell[]): void {
    const activity = this.#activity.get(notebookId);
    if (!activity) return;
    activity.lastSnapshotAt = Date.now();
    activity.lastCells = cells;
    activity.editors.clear();
  }
}

/** A row's spec as the document takes it: a text field that is not a string (an old row) becomes its JSON text. */
function asDocumentSpec(row: Cell): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.spec)) spec[key] = value;
  for (const key of TEXT_FIELDS[row.type] ?? []) {
    if (key in spec && typeof spec[key] !== 'string') spec[key] = JSON.stringify(spec[key]);
  }
  return spec;
}
