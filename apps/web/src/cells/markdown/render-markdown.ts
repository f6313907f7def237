import MarkdownIt from 'markdown-it';
import { isSafeHref } from './safe-href';

/**
 * CommonMark through markdown-it with raw HTML off (tags in a note are shown as text, never parsed),
 * every link and image target checked by `isSafeHref`, and links opened in a new tab without a
 * referrer. The output is HTML built only by markdown-it's escaping renderer.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

markdown.validateLink = isSafeHref;

const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
