'use client';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

export interface SharedTextEditorProps {
  text: Y.Text;
  awareness: Awareness;
  readOnly: boolean;
  /** Accessible name of the text box ("Markdown source", "GraphQL query"). */
  label: string;
  language?: 'markdown' | 'plain';
  placeholder?: string;
  testId?: string;
}

/**
 * A CodeMirror 6 editor bound to one shared `Y.Text` through y-codemirror.next: keystrokes become
 * Yjs operations (so concurrent typing merges character by character), remote edits and cursors
 * show as they arrive, and undo/redo go through a `Y.UndoManager` that tracks only this editor's
 * own changes — never another person's. CodeMirror's own history is deliberately not loaded.
 */
export function SharedTextEditor({ text, awareness, readOnly, label, language = 'plain', placeholder, testId }: SharedTextEditorProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const undoManager = new Y.UndoManager(text);
    const extensions: Extension[] = [
      keymap.of([...yUndoManagerKeymap, indentWithTab, ...defaultKeymap]),
      EditorView.lineWrapping,
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': String(readOnly) }),
      yCollab(text, awareness, { undoManager }),
    ];
    if (language === 'markdown') extensions.push(markdown());
    if (placeholder) extensions.push(placeholderText(placeholder));
    const view = new EditorView({ parent, state: EditorState.create({ doc: text.toString(), extensions }) });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [text, awareness, readOnly, label, language, placeholder]);

  return <div ref={host} className={`shared-text${readOnly ? ' shared-text-readonly' : ''}`} data-testid={testId} />;
}
