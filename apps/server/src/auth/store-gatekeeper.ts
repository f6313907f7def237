/**
 * The Gatekeeper over the store's accounts: a browser session (cookie, or its secret as a bearer)
 * or an API token identifies the caller; revocation and role changes are seen on the next check.
 */
import type * as http from 'node:http';
import { SECRET_PREFIX, type Store } from '@protoscope/tracking';
import type { Caller, Gatekeeper, NotebookAccess, Refusal } from './gatekeeper';
import type { OriginPolicy } from './origin-policy';
import { notebookAccessOf } from './permissions';
import { sessionCookieOf } from './session-cookie';

export class StoreGatekeeper implements Gatekeeper {
  readonly #store: Store;
  readonly #origins: OriginPolicy;

  constructor(store: Store, origins: OriginPolicy) {
    this.#store = store;
    this.#origins = origins;
  }

  identify(request: http.IncomingMessage): Promise<Caller | null> {
    const bearer = bearerOf(request);
    if (bearer !== undefined) return this.identifyToken(bearer);
    const cookie = sessionCookieOf(request);
    return cookie === undefined ? Promise.resolve(null) : this.identifyToken(cookie);
  }

  async identifyToken(token: string): Promise<Caller | null> {
    if (token.startsWith(SECRET_PREFIX.token)) {
      const found = await this.#store.apiTokens.find(token);
      if (!found) return null;
      return { userId: found.user.id, name: found.user.name, role: found.user.role, credential: found.token.scope, credentialId: found.token.id };
    }
    if (token.startsWith(SECRET_PREFIX.session)) {
      const found = await this.#store.sessions.find(token);
      if (!found) return null;
      return { userId: found.user.id, name: found.user.name, role: found.user.role, credential: 'session', credentialId: found.session.id };
    }
    return null;
  }

  /** Valid while the credential is live and the account still has the role it had when identified. */
  async stillValid(caller: Caller): Promise<boolean> {
    const live = caller.credential === 'session' ? await this.#store.sessions.isLive(caller.credentialId) : await this.#store.apiTokens.isLive(caller.credentialId);
    if (!live) return false;
    const user = await this.#store.users.find(caller.userId);
    return user !== undefined && user.role === caller.role;
  }

  async notebookAccess(caller: Caller, notebookId: string): Promise<NotebookAccess> {
    return notebookAccessOf(caller, await this.#store.shares.access(notebookId, caller.userId));
  }

  checkOrigin(request: http.IncomingMessage): Refusal | null {
    return this.#origins.check(request);
  }
}

/** The secret of an `Authorization: Bearer …` header, if there is one. */
export function bearerOf(request: http.IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}
