'use client';
import { useMemo } from 'react';
import type { RendererProps } from '../module';
import { renderMarkdown } from './render-markdown';
import type { MarkdownSpec } from './cell-spec';

export function MarkdownRenderer({ spec }: RendererProps<MarkdownSpec>) {
  const html = useMemo(() => renderMarkdown(spec.source), [spec.source]);
  if (spec.source.trim() === '') {
    return (
      <div className="markdown" data-testid="renderer-markdown" data-ready="true">
        <p className="muted">Empty note; edit to write.</p>
      </div>
    );
  }
  // Safe by construction: markdown-it runs with raw HTML off and a link validator (render-markdown.ts).
  return <div className="markdown" data-testid="renderer-markdown" data-ready="true" dangerouslySetInnerHTML={{ __html: html }} />;
}
