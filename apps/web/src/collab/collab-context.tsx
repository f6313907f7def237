'use client';
import { createContext, useContext } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** What a cell's editor needs from the live document: the doc, the shared awareness, and whether this page may write. */
export interface CollabContextValue {
  doc: Y.Doc;
  awareness: Awareness;
  readOnly: boolean;
}

export const CollabContext = createContext<CollabContextValue | null>(null);

export function useCollab(): CollabContextValue {
  const value = useContext(CollabContext);
  if (!value) throw new Error('a shared-text editor was rendered outside a notebook page (no CollabContext)');
  return value;
}
