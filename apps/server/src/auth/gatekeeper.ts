/**
 * The one question every door asks: who is calling, and what may they do here. GraphQL (HTTP and
 * graphql-ws), the binary endpoints and the live notebook documents (`/collab`) all ask it through
 * this interface, so a rule changes in one place.
 */
import type * as http from 'node:http';

/** Workspace roles, strongest first. */
export type Role = 'owner' | 'editor' | 'viewer';

/**
 * How the caller proved who they are: a browser session (cookie), or an API token with its scope.
 * A token acts with the lesser of its scope and its owner's role; a `worker` token may only claim
 * jobs and write their results.
 */
export type CredentialKind = 'session' | 'read' | 'write' | 'worker';

export interface Caller {
  userId: string;
  /** Display name (presence, comments, history). */
  name: string;
  /** The account's workspace role. */
  role: Role;
  credential: CredentialKind;
  /** Id of the session or token row, so a revocation can be noticed on open sockets. */
  credentialId: string;
}

/** What a caller may do with one notebook (workspace role, raised or lowered by a share). */
export type NotebookAccess = 'none' | 'read' | 'write';

/** Why an HTTP request or websocket upgrade is refused before anyone is identified. */
export interface Refusal {
  status: 400 | 401 | 403;
  message: string;
}

export interface Gatekeeper {
  /** The caller of an HTTP request or websocket upgrade (session cookie or `Authorization: Bearer`), or null. */
  identify(request: http.IncomingMessage): Promise<Caller | null>;
  /** The caller behind a bare token string (sent in a websocket's first message by scripts), or null. */
  identifyToken(token: string): Promise<Caller | null>;
  /** Whether the caller's session or token is still valid (revocation reaches open websockets). */
  stillValid(caller: Caller): Promise<boolean>;
  /** What the caller may do with a notebook. */
  notebookAccess(caller: Caller, notebookId: string): Promise<NotebookAccess>;
  /** `Host` and `Origin` checks for a request or websocket upgrade; null when it may proceed. */
  checkOrigin(request: http.IncomingMessage): Refusal | null;
}
