'use client';
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { peersFrom, type Peer } from './presence';

/** The people in the notebook, re-read whenever anyone's awareness state changes. */
export function usePeers(awareness: Awareness | null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    if (!awareness) {
      setPeers([]);
      return;
    }
    const read = () => setPeers(peersFrom(awareness.getStates(), awareness.clientID));
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return peers;
}
