import { initials, othersInCell, peersFrom, presenceUser } from './presence';
import { userColour } from './user-colour';

const ada = presenceUser({ id: 'u-ada', name: 'Ada Lovelace' });
const bob = presenceUser({ id: 'u-bob', name: 'Bob' });

describe('presence', () => {
  it('folds connections per account, own person first, then by name, with the cells each is in', () => {
    const states = new Map<number, unknown>([
      [7, { user: bob, cellId: 'c2' }],
      [3, { user: ada, cellId: 'c1' }],
      [9, { user: bob, cellId: 'c1' }],
      [12, { user: bob, cellId: 'c2' }],
    ]);
    const peers = peersFrom(states, 7);
    expect(peers.map((peer) => [peer.user.name, peer.self, peer.clientIds, peer.cellIds])).toEqual([
      ['Bob', true, [7, 9, 12], ['c2', 'c1']],
      ['Ada Lovelace', false, [3], ['c1']],
    ]);
    expect(othersInCell(peers, 'c1').map((peer) => peer.user.id)).toEqual(['u-ada']);
    expect(othersInCell(peers, 'c2')).toEqual([]);
  });

  it('leaves out clients with no valid user and repairs colours that are not hex', () => {
    const states = new Map<number, unknown>([
      [1, null],
      [2, { cursor: {} }],
      [3, { user: { id: '', name: 'x' } }],
      [4, { user: { id: 'u-eve', name: '  ', color: 'red; background: url(x)' }, cellId: 42 }],
    ]);
    const peers = peersFrom(states, 99);
    expect(peers).toHaveLength(1);
    expect(peers[0]!.user).toEqual({ id: 'u-eve', name: 'u-eve', ...userColour('u-eve') });
    expect(peers[0]!.cellIds).toEqual([]);
    expect(peers[0]!.self).toBe(false);
  });

  it('makes avatar initials from names and e-mail addresses', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('grace')).toBe('G');
    expect(initials('ada@lab.org')).toBe('A');
    expect(initials('jean-luc picard')).toBe('JP');
    expect(initials('')).toBe('?');
  });
});
