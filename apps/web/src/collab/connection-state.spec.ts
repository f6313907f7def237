import { summarizeConnection, type ConnectionFacts } from './connection-state';

const live: ConnectionFacts = { status: 'connected', synced: true, unsyncedChanges: 0, readOnly: false, refusal: null };

describe('connection indicator', () => {
  it('says live when connected, synced and nothing is pending', () => {
    expect(summarizeConnection(live)).toEqual({ state: 'live', text: 'Live · all changes sent' });
    expect(summarizeConnection({ ...live, readOnly: true }).state).toBe('live-readonly');
  });

  it('says saving while the server has not acknowledged an update', () => {
    expect(summarizeConnection({ ...live, unsyncedChanges: 2 })).toEqual({ state: 'syncing', text: 'Saving…' });
  });

  it('says offline, and that edits are kept, when the socket is down', () => {
    expect(summarizeConnection({ ...live, status: 'disconnected', synced: false }).text).toMatch(/^Offline — edits are kept here and merged/);
    expect(summarizeConnection({ ...live, status: 'disconnected' })).toEqual({ state: 'offline', text: 'Offline' });
  });

  it('says connecting until the first sync, and why a refused connection was refused', () => {
    expect(summarizeConnection({ ...live, status: 'connecting', synced: false }).state).toBe('connecting');
    expect(summarizeConnection({ ...live, synced: false }).state).toBe('connecting');
    expect(summarizeConnection({ ...live, refusal: 'permission-denied' })).toEqual({ state: 'refused', text: 'Not connected: permission-denied' });
  });
});
