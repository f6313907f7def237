/**
 * The live notebook documents: Hocuspocus 3 serving one Yjs document per notebook (document name =
 * notebook id) on `/collab`, persisted through `DocumentPersistence`. GraphQL's cell mutations edit
 * through `edit()`, so browsers and scripts change the same document. Hocuspocus 3 may drop a store
 * still waiting for its debounce when the process stops (hocuspocus#738), so `close()` flushes every
 * loaded document itself.
 */
import type * as http from 'node:http';
import { Hocuspocus, type Document } from '@hocuspocus/server';
import type { PlainCell } from '@protoscope/notebook-doc';
import type { Cell, Store } from '@protoscope/tracking';
import { UnknownNotebookError } from '@protoscope/tracking';
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import type { Gatekeeper } from '../auth/gatekeeper';
import { CollabAccess, type CollabContext } from './collab-access';
import { DocumentPersistence, type Editor } from './document-persistence';

export const COLLAB_PATH = '/collab';

export interface CollabOptions {
  /**
   * The longest a change waits before it is stored (and written through to the rows) while people
   * keep editing; a pause of a quarter of it stores sooner. What a killed server can lose. Default 1000 ms.
   */
  storeDelayMs?: number;
  /** Minimum time between automatic history snapshots of a notebook being edited. Default 5 minutes. */
  autoSnapshotMs?: number;
  /** How often open connections re-check their credential. Default 1000 ms. */
  revalidateMs?: number;
}

export const DEFAULT_COLLAB_OPTIONS: Required<CollabOptions> = { storeDelayMs: 1000, autoSnapshotMs: 5 * 60_000, revalidateMs: 1000 };

/** Origin of the changes made for GraphQL mutations. */
export const GRAPH_ORIGIN = Symbol('protoscope-graph');

/** A message to every client of a notebook (Hocuspocus "stateless"), e.g. that its comments changed. */
export interface CollabNotice {
  type: 'comments';
  threadId: string;
  cellId: string;
}

export class CollabServer {
  readonly options: Required<CollabOptions>;
  readonly #hocuspocus: Hocuspocus;
  readonly #persistence: DocumentPersistence;
  readonly #access: CollabAccess;
  readonly #sweep: NodeJS.Timeout;
  readonly #sockets = new Set<WebSocket>();
  #closed: Promise<void> | undefined;

  constructor(store: Store, gatekeeper: Gatekeeper, options: CollabOptions = {}) {
    this.options = {
      storeDelayMs: options.storeDelayMs ?? DEFAULT_COLLAB_OPTIONS.storeDelayMs,
      autoSnapshotMs: options.autoSnapshotMs ?? DEFAULT_COLLAB_OPTIONS.autoSnapshotMs,
      revalidateMs: options.revalidateMs ?? DEFAULT_COLLAB_OPTIONS.revalidateMs,
    };
    const { storeDelayMs, autoSnapshotMs, revalidateMs } = this.options;
    if (!(storeDelayMs > 0)) throw new Error(`collab store delay must be positive, got ${storeDelayMs}`);
    this.#persistence = new DocumentPersistence(store, { autoSnapshotMs });
    this.#access = new CollabAccess(gatekeeper, store, revalidateMs);
    this.#hocuspocus = new Hocuspocus({
      name: 'protoscope',
      quiet: true,
      debounce: Math.max(1, Math.round(storeDelayMs / 4)),
      maxDebounce: storeDelayMs,
      onAuthenticate: this.#access.authenticate,
      beforeHandleMessage: this.#access.beforeMessage,
      onLoadDocument: async ({ document, documentName }) => {
        await this.#persistence.load(documentName, document);
      },
      onChange: async ({ documentName, context }) => {
        const caller = (context as Partial<CollabContext> | undefined)?.caller;
        if (caller) this.#persistence.noteEditor(documentName, { id: caller.userId, name: caller.name });
      },
      onStoreDocument: async ({ document, documentName }) => {
        await this.#storeOrDrop(documentName, document);
      },
      afterUnloadDocument: async ({ documentName }) => {
        this.#persistence.forget(documentName);
      },
    });
    this.#sweep = setInterval(() => void this.#access.sweep(this.#hocuspocus), revalidateMs);
    this.#sweep.unref();
  }

  /** Takes a websocket upgraded on {@link COLLAB_PATH}. */
  handleConnection(socket: WebSocket, request: http.IncomingMessage): void {
    if (this.#closed) {
      socket.close(1001, 'the server is shutting down');
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    this.#hocuspocus.handleConnection(socket, request);
  }

  /**
   * Changes a notebook's document for a GraphQL mutation or a script: `work` runs synchronously inside
   * one document transaction, with the notebook's rows written through just before (so a version
   * check sees the document as it is); the change reaches every connected client and is written
   * through before this resolves. Returns `work`'s result and the rows after it.
   */
  async edit<T>(notebookId: string, editor: Editor | null, work: (doc: Y.Doc, rows: Cell[]) => T): Promise<{ result: T; rows: Cell[] }> {
    if (this.#closed) throw new Error('the server is shutting down');
    const connection = await this.#hocuspocus.openDirectConnection(notebookId, { editor });
    try {
      const doc = connection.document!;
      return await this.#persistence.withCurrentRows(notebookId, doc, (rows) => {
        let result!: T;
        doc.transact(() => {
          result = work(doc, rows);
        }, GRAPH_ORIGIN);
        if (editor) this.#persistence.noteEditor(notebookId, editor);
        return result;
      });
    } finally {
      await connection.disconnect();
    }
  }

  /** Reads a notebook's document (loading it if no one has it open). */
  async read<T>(notebookId: string, work: (doc: Y.Doc) => T): Promise<T> {
    const loaded = this.#hocuspocus.documents.get(notebookId);
    if (loaded && !loaded.isLoading) return work(loaded);
    const connection = await this.#hocuspocus.openDirectConnection(notebookId, {});
    try {
      return work(connection.document!);
    } finally {
      await connection.disconnect();
    }
  }

  /** The first open notebook whose document passes `holds` (e.g. has a cell not yet written through to a row). */
  notebookHoldingCell(holds: (doc: Y.Doc) => boolean): string | undefined {
    for (const [name, document] of this.#hocuspocus.documents) if (!document.isLoading && holds(document)) return name;
    return undefined;
  }

  /** Records a snapshot taken outside the automatic ones (by hand, by a restore). */
  snapshotTaken(notebookId: string, cells: PlainCell[]): void {
    this.#persistence.snapshotTaken(notebookId, cells);
  }

  /** Tells every client with the notebook open (no-op when no one has it open). */
  notify(notebookId: string, notice: CollabNotice): void {
    this.#hocuspocus.documents.get(notebookId)?.broadcastStateless(JSON.stringify(notice));
  }

  /** Closes the notebook's connections (it was deleted). */
  closeNotebook(notebookId: string): void {
    this.#hocuspocus.closeConnections(notebookId);
    this.#persistence.forget(notebookId);
  }

  /** Open documents and connections, for health and tests. */
  get stats(): { documents: number; connections: number } {
    return { documents: this.#hocuspocus.getDocumentsCount(), connections: this.#hocuspocus.getConnectionsCount() };
  }

  /** Writes every loaded document through now (pending debounced stores included). */
  async flush(): Promise<void> {
    await Promise.all([...this.#hocuspocus.documents].map(([name, document]) => (document.isLoading ? undefined : this.#storeOrDrop(name, document))));
  }

  /** Refuses new connections, closes the open ones and stores every document. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      clearInterval(this.#sweep);
      // Closing a document's connection leaves its socket open (a client could open it again): close the sockets.
      for (const socket of this.#sockets) socket.close(1001, 'the server is shutting down');
      this.#hocuspocus.closeConnections();
      await this.flush();
      // Closing connections schedules their own (now redundant) stores and unloads: let them finish.
      for (let waited = 0; this.#hocuspocus.getDocumentsCount() > 0 && waited < 5000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    return this.#closed;
  }

  async #storeOrDrop(notebookId: string, document: Document): Promise<void> {
    try {
      await this.#persistence.store(notebookId, document);
    } catch (error) {
      // The notebook was deleted while open: nothing to keep.
      if (error instanceof UnknownNotebookError) this.closeNotebook(notebookId);
      else throw error;
    }
  }
}
