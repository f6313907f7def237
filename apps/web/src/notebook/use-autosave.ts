'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../cells/shared/notice';
import type { SaveState } from './save-state';

export const AUTOSAVE_DELAY_MS = 700;

/**
 * Debounced saving of cell specs: every edit replaces the cell's draft at once (the page shows it) and
 * restarts that cell's timer; when typing pauses, the latest draft is sent. A draft is dropped once
 * the server has stored exactly it, so later server answers show through again.
 */
export function useAutosave(save: (cellId: string, spec: unknown) => Promise<void>) {
  const [drafts, setDrafts] = useState<Record<string, unknown>>({});
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const latest = useRef(new Map<string, unknown>());
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(async (cellId: string) => {
    timers.current.delete(cellId);
    const spec = latest.current.get(cellId);
    setStates((previous) => ({ ...previous, [cellId]: { status: 'saving' } }));
    try {
      await saveRef.current(cellId, spec);
      if (latest.current.get(cellId) !== spec) return; // edited again meanwhile; that edit's timer runs
      latest.current.delete(cellId);
      setDrafts((previous) => without(previous, cellId));
      setStates((previous) => ({ ...previous, [cellId]: { status: 'saved' } }));
    } catch (error) {
      setStates((previous) => ({ ...previous, [cellId]: { status: 'failed', message: errorText(error) } }));
    }
  }, []);

  const edit = useCallback(
    (cellId: string, spec: unknown) => {
      latest.current.set(cellId, spec);
      setDrafts((previous) => ({ ...previous, [cellId]: spec }));
      setStates((previous) => ({ ...previous, [cellId]: { status: 'unsaved' } }));
      const pending = timers.current.get(cellId);
      if (pending) clearTimeout(pending);
      timers.current.set(
        cellId,
        setTimeout(() => void flush(cellId), AUTOSAVE_DELAY_MS),
      );
    },
    [flush],
  );

  /** Forget a deleted cell's pending edit. */
  const discard = useCallback((cellId: string) => {
    const pending = timers.current.get(cellId);
    if (pending) clearTimeout(pending);
    timers.current.delete(cellId);
    latest.current.delete(cellId);
    setDrafts((previous) => without(previous, cellId));
    setStates((previous) => without(previous, cellId));
  }, []);

  // Leaving with edits still waiting: send them now and let the browser ask before closing.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (timers.current.size === 0) return;
      for (const cellId of [...timers.current.keys()]) {
        clearTimeout(timers.current.get(cellId));
        void flush(cellId);
      }
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [flush]);

  return { drafts, states, edit, discard };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
