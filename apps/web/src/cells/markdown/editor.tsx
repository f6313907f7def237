'use client';
import { SharedTextField } from '../../collab/shared-text-field';
import type { EditorProps } from '../module';
import type { MarkdownSpec } from './cell-spec';

/** The source is shared text: everyone in the cell types into the same `Y.Text`. */
export function MarkdownEditor({ cellId, spec }: EditorProps<MarkdownSpec>) {
  return <SharedTextField cellId={cellId} field="source" value={spec.source} label="Markdown source" language="markdown" placeholder="# Title" />;
}
