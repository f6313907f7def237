/**
 * Who may open a notebook's document on `/collab`, and for how long. Each document a socket opens
 * is authenticated on its own: the upgrade's session cookie or `Authorization: Bearer` header, else
 * the token in Hocuspocus's authentication message, identifies the caller; the notebook access then
 * decides — `none` refuses, `read` opens the document read-only (Hocuspocus applies none of that
 * connection's updates, so they reach neither the others nor the store), `write` lets them edit.
 * The credential is checked again at most every `revalidateMs` before a message is handled, and by
 * a sweep over idle sockets; a revoked one closes the socket.
 */
import type { Connection, Hocuspocus, beforeHandleMessagePayload, onAuthenticatePayload } from '@hocuspocus/server';
import type { Store } from '@protoscope/tracking';
import type { Caller, Gatekeeper } from '../auth/gatekeeper';

/** What each authenticated document connection carries in its Hocuspocus context. */
export interface CollabContext {
  caller: Caller;
  readOnly: boolean;
  /** Until when the credential counts as checked (epoch ms). */
  checkedUntil: number;
}

/** Close code for a revoked credential (as the graphql-ws sockets use). */
export const CLOSE_REVOKED = { code: 4403, reason: 'the credential of this connection was revoked' };

/**
 * Refuses a document: Hocuspocus sends `reason` to the client as "permission denied". A plain object
 * (no `message`) because Hocuspocus prints every refused Error to the console.
 */
function refuse(reason: string): never {
  throw { reason };
}

export class CollabAccess {
  readonly #gatekeeper: Gatekeeper;
  readonly #store: Store;
  readonly #revalidateMs: number;

  constructor(gatekeeper: Gatekeeper, store: Store, revalidateMs: number) {
    this.#gatekeeper = gatekeeper;
    this.#store = store;
    this.#revalidateMs = revalidateMs;
  }

  /** Hocuspocus `onAuthenticate`: returns the context for the connection, or refuses. */
  authenticate = async (data: onAuthenticatePayload): Promise<CollabContext> => {
    const token = data.token.trim();
    const caller = token !== '' ? await this.#gatekeeper.identifyToken(token) : await this.#gatekeeper.identify(data.request);
    if (!caller) refuse('not signed in: open the notebook from a signed-in page, or send an API token');
    const access = await this.#gatekeeper.notebookAccess(caller, data.documentName);
    if (access === 'none') refuse(`no access to notebook ${data.documentName}`);
    if (!(await this.#store.notebooks.find(data.documentName))) refuse(`no notebook with id "${data.documentName}"`);
    const readOnly = access === 'read';
    data.connectionConfig.readOnly = readOnly;
    return { caller, readOnly, checkedUntil: Date.now() + this.#revalidateMs };
  };

  /** Hocuspocus `beforeHandleMessage`: a message on a revoked credential closes the connection. */
  beforeMessage = async (data: beforeHandleMessagePayload): Promise<void> => {
    const context = data.context as CollabContext;
    if (Date.now() < context.checkedUntil) return;
    if (!(await this.#gatekeeper.stillValid(context.caller))) {
      closeRevoked(data.connection);
      throw { reason: CLOSE_REVOKED.reason, code: CLOSE_REVOKED.code };
    }
    context.checkedUntil = Date.now() + this.#revalidateMs;
  };

  /** Checks every open connection's credential once (one check per credential) and closes the revoked. */
  async sweep(hocuspocus: Hocuspocus): Promise<void> {
    const verdicts = new Map<string, Promise<boolean>>();
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as CollabContext | undefined;
        if (!context?.caller) continue;
        const key = `${context.caller.credentialId}/${context.caller.role}`;
        if (!verdicts.has(key)) verdicts.set(key, this.#gatekeeper.stillValid(context.caller).catch(() => true));
        if (await verdicts.get(key)) context.checkedUntil = Date.now() + this.#revalidateMs;
        else closeRevoked(connection);
      }
    }
  }
}

function closeRevoked(connection: Connection): void {
  connection.close(CLOSE_REVOKED);
  connection.webSocket.close(CLOSE_REVOKED.code, CLOSE_REVOKED.reason);
}
