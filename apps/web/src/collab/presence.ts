/**
 * What each page announces through the document's awareness: who it is (the `user` field, in the
 * shape y-codemirror.next reads for remote cursors) and which cell it is in. Everything read back
 * from other clients is checked, since any client can put anything in its awareness state.
 */
import { userColour } from './user-colour';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
}

/** The fields of a local awareness state this app sets (y-codemirror.next adds `cursor`). */
export interface PresenceState {
  user: PresenceUser;
  /** The cell the person is editing or last clicked in; null when none. */
  cellId: string | null;
}

/** One person on the page: all of their tabs and connections folded together. */
export interface Peer {
  user: PresenceUser;
  /** Cells they are in, one per connection that is in one, without repeats. */
  cellIds: string[];
  /** Awareness client ids of their connections. */
  clientIds: number[];
  /** This page's own person. */
  self: boolean;
}

export function presenceUser(account: { id: string; name: string }): PresenceUser {
  return { id: account.id, name: account.name, ...userColour(account.id) };
}

function readState(value: unknown): PresenceState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { user, cellId } = value as { user?: unknown; cellId?: unknown };
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color, colorLight } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || id === '') return null;
  const colour = userColour(id);
  return {
    user: {
      id,
      name: name.trim() || id,
      color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : colour.color,
      colorLight: typeof colorLight === 'string' && /^#[0-9a-f]{8}$/i.test(colorLight) ? colorLight : colour.colorLight,
    },
    cellId: typeof cellId === 'string' && cellId !== '' ? cellId : null,
  };
}

/**
 * The people in a notebook from the awareness states (client id → state): one entry per account,
 * this page's own person first, then by name. Clients without a valid `user` are left out.
 */
export function peersFrom(states: ReadonlyMap<number, unknown>, selfClientId: number): Peer[] {
  const byUser = new Map<string, Peer>();
  let selfUserId: string | undefined;
  for (const [clientId, raw] of states) {
    const state = readState(raw);
    if (!state) continue;
    if (clientId === selfClientId) selfUserId = state.user.id;
    const peer = byUser.get(state.user.id) ?? { user: state.user, cellIds: [], clientIds: [], self: false };
    peer.clientIds.push(clientId);
    if (state.cellId !== null && !peer.cellIds.includes(state.cellId)) peer.cellIds.push(state.cellId);
    byUser.set(state.user.id, peer);
  }
  const peers = [...byUser.values()].map((peer) => ({ ...peer, clientIds: [...peer.clientIds].sort((a, b) => a - b), self: peer.user.id === selfUserId }));
  return peers.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name) || a.user.id.localeCompare(b.user.id));
}

/** The people other than oneself who are in a given cell (the cell's presence badges). */
export function othersInCell(peers: readonly Peer[], cellId: string): Peer[] {
  return peers.filter((peer) => !peer.self && peer.cellIds.includes(cellId));
}

/** "Ada Lovelace" → "AL", "grace" → "G", "ada@lab.org" → "A": the letters on an avatar. */
export function initials(name: string): string {
  const words = name.replace(/@.*$/, '').split(/[\s._-]+/).filter((word) => word.length > 0);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((word) => [...word][0]!.toUpperCase()).join('') || '?';
}
