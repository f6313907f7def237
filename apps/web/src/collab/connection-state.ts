/**
 * One indicator for the live document: whether this page is connected, whether everything typed
 * has reached the server, and what happens to edits made while offline (they are kept in the page
 * and merged on reconnect).
 */
export type SocketStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionFacts {
  status: SocketStatus;
  /** The first exchange with the server has completed since the last (re)connect. */
  synced: boolean;
  /** Local updates the server has not acknowledged yet. */
  unsyncedChanges: number;
  readOnly: boolean;
  /** Why the server refused the connection, when it did. */
  refusal: string | null;
}

export type ConnectionSummary = { state: 'refused' | 'offline' | 'connecting' | 'syncing' | 'live' | 'live-readonly'; text: string };

export function summarizeConnection(facts: ConnectionFacts): ConnectionSummary {
  if (facts.refusal !== null) return { state: 'refused', text: `Not connected: ${facts.refusal}` };
  if (facts.status === 'disconnected') {
    const kept = facts.unsyncedChanges > 0 || !facts.synced ? ' — edits are kept here and merged when the connection is back' : '';
    return { state: 'offline', text: `Offline${kept}` };
  }
  if (facts.status === 'connecting' || !facts.synced) return { state: 'connecting', text: 'Connecting…' };
  if (facts.unsyncedChanges > 0) return { state: 'syncing', text: 'Saving…' };
  return facts.readOnly ? { state: 'live-readonly', text: 'Live · read only' } : { state: 'live', text: 'Live · all changes sent' };
}
