/**
 * A script's connection to a notebook's live document, as the end-to-end tests use it: a Hocuspocus
 * provider over the `ws` package (Node 20 has no global WebSocket), authenticated with an API token
 * — or with a browser's session cookie, to act exactly as that person's page would.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface DocClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves with the scope the server granted once the first sync is done; rejects if the server refuses. */
  ready: Promise<'read-write' | 'readonly'>;
  close(): void;
}

export type DocCredential = { token: string } | { sessionCookie: string };

/** `ws` sending the session cookie with the upgrade, as a browser does. */
function websocketWithCookie(cookie: string) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  };
}

export function openDocClient(collabUrl: string, notebookId: string, credential: DocCredential): DocClient {
  const doc = new Y.Doc();
  const polyfill = 'token' in credential ? WebSocket : websocketWithCookie(credential.sessionCookie);
  const socket = new HocuspocusProviderWebsocket({ url: collabUrl, WebSocketPolyfill: polyfill, delay: 100, minDelay: 100, maxDelay: 1000 });
  const token = 'token' in credential ? credential.token : null;
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: notebookId, document: doc, token });
  const ready = new Promise<'read-write' | 'readonly'>((resolve, reject) => {
    let scope: 'read-write' | 'readonly' = 'read-write';
    provider.on('authenticated', ({ scope: granted }: { scope: 'read-write' | 'readonly' }) => (scope = granted));
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(`the server refused the document connection: ${reason}`)));
    provider.on('synced', ({ state }: { state: boolean }) => {
      if (state) resolve(scope);
    });
  });
  provider.attach();
  return {
    doc,
    provider,
    ready,
    close() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once the server has acknowledged every local update of the client. */
export async function settled(client: DocClient, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (client.provider.hasUnsyncedChanges) {
    if (Date.now() > deadline) throw new Error(`the server did not acknowledge ${client.provider.unsyncedChanges} update(s) within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
