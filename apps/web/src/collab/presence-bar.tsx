'use client';
import { initials, type Peer } from './presence';

/** Everyone in the notebook: an avatar per person (own first), with the cells they are in on hover. */
export function PresenceBar({ peers, labelOf }: { peers: readonly Peer[]; labelOf(cellId: string): string }) {
  return (
    <ul className="presence-bar" data-testid="presence-bar" aria-label="People in this notebook">
      {peers.map((peer) => {
        const where = peer.cellIds.length > 0 ? ` — in ${peer.cellIds.map(labelOf).join(', ')}` : '';
        return (
          <li key={peer.user.id} data-testid="presence-avatar" data-user-id={peer.user.id} data-user-name={peer.user.name} data-self={peer.self}>
            <Avatar peer={peer} title={`${peer.user.name}${peer.self ? ' (you)' : ''}${where}`} />
          </li>
        );
      })}
    </ul>
  );
}

export function Avatar({ peer, title, small = false }: { peer: Peer; title: string; small?: boolean }) {
  return (
    <span className={`avatar${small ? ' avatar-small' : ''}${peer.self ? ' avatar-self' : ''}`} style={{ background: peer.user.color }} title={title} aria-label={title}>
      {initials(peer.user.name)}
    </span>
  );
}

/** The small avatars on a cell's toolbar: who else is in this cell. */
export function CellPresence({ peers }: { peers: readonly Peer[] }) {
  if (peers.length === 0) return null;
  return (
    <span className="cell-presence" data-testid="cell-presence">
      {peers.map((peer) => (
        <Avatar key={peer.user.id} peer={peer} small title={`${peer.user.name} is in this cell`} />
      ))}
    </span>
  );
}
