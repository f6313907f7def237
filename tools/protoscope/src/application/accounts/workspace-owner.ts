/**
 * The workspace owner that commands run "where the store lives" act for. A fresh store has no
 * accounts: `protoscope start` and `protoscope token create` make the owner, named after the
 * operating-system user, and the person at this machine signs in through a one-time link.
 */
import * as os from 'node:os';
import type { Store, User } from '@protoscope/tracking';

/** The OS user name made into a valid account name, or `owner`. */
export function defaultOwnerName(): string {
  let name = '';
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry (some containers).
  }
  const cleaned = name.replace(/[^A-Za-z0-9_.@-]/g, '').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return cleaned === '' ? 'owner' : cleaned;
}

/** The oldest owner account, made now when the store has none (`created` says which). */
export async function ensureOwner(store: Store): Promise<{ owner: User; created: boolean }> {
  const existing = await store.users.firstOwner();
  if (existing) return { owner: existing, created: false };
  const name = defaultOwnerName();
  const taken = await store.users.find(name);
  // A non-owner already holds the OS name: the owner becomes `owner` (or `owner-N`).
  let candidate = taken ? 'owner' : name;
  for (let n = 2; taken && (await store.users.find(candidate)); n++) candidate = `owner-${n}`;
  return { owner: await store.users.create({ name: candidate, role: 'owner' }), created: true };
}

/** The address that consumes a login link and lands on `next` (a page of the notebook UI). */
export function loginUrl(serverUrl: string, secret: string, next?: string): string {
  const url = new URL('/auth/link', serverUrl);
  url.searchParams.set('token', secret);
  if (next !== undefined) url.searchParams.set('next', next);
  return url.toString();
}
