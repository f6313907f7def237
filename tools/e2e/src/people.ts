/**
 * Accounts for the browser tests, made through the store API: each person gets a browser session
 * (its secret goes into the browser context as the session cookie, as a sign-in would leave it) and
 * a write-scoped API token for scripts (capped at the person's role by the server).
 */
import { openStore } from '@protoscope/tracking';
import type { BrowserContext } from 'playwright-core';

export const SESSION_COOKIE = 'protoscope_session';

export interface Person {
  id: string;
  name: string;
  role: 'owner' | 'editor' | 'viewer';
  sessionSecret: string;
  token: string;
}

export async function createPeople(storeUrl: string, people: readonly { name: string; role: Person['role'] }[]): Promise<Record<string, Person>> {
  const store = await openStore(storeUrl);
  try {
    const made: Record<string, Person> = {};
    for (const { name, role } of people) {
      const user = await store.users.create({ name, role });
      const { secret: sessionSecret } = await store.sessions.create(user.id);
      const { secret: token } = await store.apiTokens.create(user.id, { name: `${name}-e2e`, scope: 'write' });
      made[name] = { id: user.id, name, role, sessionSecret, token };
    }
    return made;
  } finally {
    await store.close();
  }
}

/** Puts the person's session cookie in the context for the server's host (cookies ignore ports). */
export async function signIn(context: BrowserContext, serverUrl: string, person: Person): Promise<void> {
  const { hostname } = new URL(serverUrl);
  await context.addCookies([{ name: SESSION_COOKIE, value: person.sessionSecret, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** A GraphQL request as the person's script would make it. */
export async function graphqlAs<T>(graphqlUrl: string, person: Person, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${person.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`query failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}
