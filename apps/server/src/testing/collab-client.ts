/**
 * Test support: a notebook editor as a program — a Yjs document kept in sync with the server's
 * `/collab` websocket by @hocuspocus/provider (the browser's provider, on Node's `ws`) — and a wait
 * for a condition to hold.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface CollabClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves once the first sync with the server is done (rejects when authentication fails). */
  synced: Promise<void>;
  /** The reason of the last refusal, if any. */
  refusal(): string | undefined;
  /** Whether the socket was closed by the server (e.g. a revoked credential). */
  closedByServer(): { code: number; reason: string } | undefined;
  /** Goes offline: edits keep being made locally and are sent on reconnect. */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  close(): void;
}

const RECONNECT_DELAY_MS = 50;

export function openCollabClient(server: { collabUrl: string }, notebookId: string, token: string, options: { doc?: Y.Doc } = {}): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  let refusal: string | undefined;
  let closed: { code: number; reason: string } | undefined;
  let resolveSynced: () => void = () => undefined;
  let rejectSynced: (error: Error) => void = () => undefined;
  let synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  const provider = new HocuspocusProvider({
    url: server.collabUrl,
    name: notebookId,
    token,
    document: doc,
    WebSocketPolyfill: WebSocket,
    // Tests reconnect by hand and must not wait for the default back-off.
    delay: RECONNECT_DELAY_MS,
    minDelay: RECONNECT_DELAY_MS,
    maxDelay: 4 * RECONNECT_DELAY_MS,
    onSynced: ({ state }) => {
      if (state) resolveSynced();
    },
    onAuthenticationFailed: ({ reason }) => {
      refusal = reason;
      rejectSynced(new Error(`refused: ${reason}`));
    },
    onClose: ({ event }) => {
      if (event.code >= 4000) closed = { code: event.code, reason: String(event.reason) };
    },
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  synced.catch(() => undefined);
  return {
    doc,
    provider,
    get synced() {
      return synced;
    },
    refusal: () => refusal,
    closedByServer: () => closed,
    async goOffline() {
      provider.disconnect();
      await waitFor(() => provider.configuration.websocketProvider.status === 'disconnected', 'the socket to close');
    },
    async goOnline() {
      synced = new Promise<void>((resolve, reject) => {
        resolveSynced = resolve;
        rejectSynced = reject;
      });
      await provider.connect();
      await synced;
    },
    close() {
      const socket = provider.configuration.websocketProvider;
      provider.destroy();
      // When the server closed the socket just before, the library has already scheduled a reconnect
      // that would revive the destroyed socket and retry forever: a destroyed socket never connects.
      socket.connect = () => Promise.resolve();
    },
  };
}

/** Waits until `check` returns true (polling), or fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
