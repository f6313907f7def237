'use client';
import type { EditorProps } from '../module';
import type { MarkdownSpec } from './spec';

export function MarkdownEditor({ spec, onChange }: EditorProps<MarkdownSpec>) {
  return (
    <textarea
      className="code-input"
      rows={Math.max(4, spec.source.split('\n').length + 1)}
      value={spec.source}
      placeholder="# Title"
      onChange={(event) => onChange({ ...spec, source: event.target.value })}
    />
  );
}
