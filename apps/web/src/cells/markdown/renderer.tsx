'use client';
import { Fragment, type ReactNode } from 'react';
import type { RendererProps } from '../module';
import { parseMarkdown, type Inline } from './parse-markdown';
import type { MarkdownSpec } from './spec';

function renderInline(nodes: Inline[]): ReactNode {
  return nodes.map((node, index) => {
    switch (node.kind) {
      case 'text':
        return <Fragment key={index}>{node.text}</Fragment>;
      case 'code':
        return <code key={index}>{node.text}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.children)}</em>;
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noreferrer">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}

export function MarkdownRenderer({ spec }: RendererProps<MarkdownSpec>) {
  const blocks = parseMarkdown(spec.source);
  return (
    <div className="markdown" data-testid="renderer-markdown">
      {blocks.length === 0 ? <p className="muted">Empty note; edit to write.</p> : null}
      {blocks.map((block, index) => {
        switch (block.kind) {
          case 'heading': {
            const Tag = `h${block.level}` as const;
            return <Tag key={index}>{renderInline(block.children)}</Tag>;
          }
          case 'paragraph':
            return <p key={index}>{renderInline(block.children)}</p>;
          case 'list': {
            const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{renderInline(item)}</li>);
            return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
          }
          case 'code':
            return (
              <pre key={index}>
                <code>{block.text}</code>
              </pre>
            );
        }
      })}
    </div>
  );
}
