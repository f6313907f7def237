'use client';
import { cellText, updateCell } from '@protoscope/notebook-doc';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useCollab } from './collab-context';

/**
 * CodeMirror and its Yjs binding (525 of the 1,309 KiB of the notebook page's script) are not part of
 * the page's first script, which its first screen waits for: the notebook page loads them once its
 * live document has synced (so an editor opened later, even offline, is there), or an editor opened
 * earlier loads them itself. A failed load (offline) is tried again by the next caller.
 */
let editorModule: Promise<typeof import('./shared-text-editor')> | undefined;
export function loadSharedTextEditor(): Promise<typeof import('./shared-text-editor')> {
  editorModule ??= import('./shared-text-editor').catch((failure: unknown) => {
    editorModule = undefined;
    throw failure;
  });
  return editorModule;
}

const SharedTextEditor = dynamic(() => loadSharedTextEditor().then((module) => module.SharedTextEditor), {
  ssr: false,
  loading: () => <p className="muted small">Opening the editor…</p>,
});

export interface SharedTextFieldProps {
  cellId: string;
  /** A text field of the cell's type (the table in @protoscope/notebook-doc). */
  field: string;
  /** The spec's value of the field (its default when the document has none yet). */
  value: string;
  label: string;
  language?: 'markdown' | 'plain';
  placeholder?: string;
}

/**
 * One text field of a cell, edited in place in the shared document. A cell written before the field
 * existed gets it (with the spec's default) when an editor first opens it on a page that may write.
 */
export function SharedTextField({ cellId, field, value, label, language, placeholder }: SharedTextFieldProps) {
  const { doc, awareness, readOnly } = useCollab();
  const [text, setText] = useState<Y.Text | undefined>(() => cellText(doc, cellId, field));

  useEffect(() => {
    const current = cellText(doc, cellId, field);
    if (!current && !readOnly) updateCell(doc, cellId, { spec: { [field]: value } });
    setText(cellText(doc, cellId, field));
    // Another peer may replace the field (a restored version): follow the new Y.Text.
    const follow = () => setText(cellText(doc, cellId, field));
    doc.on('afterTransaction', follow);
    return () => doc.off('afterTransaction', follow);
    // `value` is left out on purpose: it only seeds a missing field; its changes come through the Y.Text.
  }, [doc, cellId, field, readOnly]);

  if (!text) return <p className="muted small">{readOnly ? value || '(empty)' : 'Opening the shared text…'}</p>;
  return <SharedTextEditor text={text} awareness={awareness} readOnly={readOnly} label={label} language={language} placeholder={placeholder} testId={`shared-text-${field}`} />;
}
