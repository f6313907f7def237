'use client';
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { redirectToLogin, UNAUTHORIZED_CLOSE_CODES } from '../auth/sign-in-redirect';
import { markOnce, TIMELINE_MARKS } from '../timeline/timeline-marks';
import type { ConnectionFacts, SocketStatus } from './connection-state';
import type { PresenceUser } from './presence';

/** A notebook's live document on this page, with the awareness its people share. */
export interface CollabDocument {
  notebookId: string;
  doc: Y.Doc;
  awareness: Awareness;
  provider: HocuspocusProvider;
}

const INITIAL_FACTS: ConnectionFacts = { status: 'connecting', synced: false, unsyncedChanges: 0, readOnly: false, refusal: null };

/**
 * Opens the notebook's document (name = notebook id) on the server's `/collab` for as long as the
 * page shows it. The session cookie authenticates the upgrade; the server answers with the scope
 * (`readonly` for viewers). When the browser goes offline the page drops its socket at once (a
 * socket whose network vanished may take minutes to report it, and its close handshake can hang
 * until the network returns); edits stay in the page's document, and when the browser is back
 * online a fresh socket is attached to the same document and awareness, whose first sync merges
 * both sides.
 */
export function useCollabDocument(notebookId: string, url: string, user: PresenceUser | null): { collab: CollabDocument | null; facts: ConnectionFacts } {
  const [collab, setCollab] = useState<CollabDocument | null>(null);
  const [facts, setFacts] = useState<ConnectionFacts>(INITIAL_FACTS);

  useEffect(() => {
    markOnce(TIMELINE_MARKS.collabStart);
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    // Reconnect quickly: a notebook page is worth retrying every few seconds, not every 30.
    const newSocket = () => new HocuspocusProviderWebsocket({ url, delay: 250, minDelay: 250, factor: 2, maxDelay: 4000, maxAttempts: 0 });
    let socket = newSocket();
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: notebookId, document: doc, awareness });
    const update = (patch: Partial<ConnectionFacts>) => setFacts((previous) => ({ ...previous, ...patch }));
    provider.on('status', ({ status }: { status: WebSocketStatus }) => {
      if (status === 'connected') markOnce(TIMELINE_MARKS.collabOpen);
      update({ status: status as SocketStatus, ...(status === 'connected' ? {} : { synced: false }) });
    });
    provider.on('synced', ({ state }: { state: boolean }) => {
      if (state) markOnce(TIMELINE_MARKS.collabSynced);
      update({ synced: state });
    });
    provider.on('unsyncedChanges', ({ number }: { number: number }) => update({ unsyncedChanges: number }));
    provider.on('authenticated', ({ scope }: { scope: string }) => {
      markOnce(TIMELINE_MARKS.collabAuthenticated);
      update({ readOnly: scope === 'readonly', refusal: null });
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => update({ refusal: reason || 'the server refused this notebook' }));
    // A session that ended or was revoked closes the socket with 4401/4403: sign in again rather than retry.
    provider.on('close', ({ event }: { event: { code?: number } }) => {
      if (UNAUTHORIZED_CLOSE_CODES.includes(event.code ?? 0)) {
        socket.disconnect();
        redirectToLogin();
      }
    });
    provider.attach();

    const goOffline = () => {
      provider.detach();
      socket.destroy();
      provider.onClose(); // not synced any more; other people's presence is unknown until reconnected
      update({ status: 'disconnected', synced: false });
    };
    const goOnline = () => {
      socket.destroy();
      socket = newSocket();
      provider.setConfiguration({ websocketProvider: socket });
      provider.attach();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    setFacts(INITIAL_FACTS);
    setCollab({ notebookId, doc, awareness, provider });
    return () => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      setCollab(null);
      provider.destroy();
      socket.destroy();
      doc.destroy();
    };
  }, [notebookId, url]);

  // Who this page is, for everyone else's avatars and cursors.
  useEffect(() => {
    if (collab && user) collab.awareness.setLocalStateField('user', user);
  }, [collab, user]);

  return { collab, facts };
}
