/**
 * The subset of Markdown that notebook notes need, parsed to a small tree that React renders as
 * elements (never as HTML strings, so a note cannot inject markup): ATX headings, paragraphs,
 * bullet and numbered lists, fenced code, and inline `code`, **strong**, *emphasis* and [links](url).
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; language: string; text: string };

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      flushParagraph();
      const body: string[] = [];
      while (++i < lines.length && !/^```\s*$/.test(lines[i]!)) body.push(lines[i]!);
      blocks.push({ kind: 'code', language: fence[1] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flushParagraph();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]!) });
      continue;
    }
    const item = listItem(line);
    if (item) {
      flushParagraph();
      const items = [parseInline(item.text)];
      while (i + 1 < lines.length) {
        const next = listItem(lines[i + 1]!);
        if (!next || next.ordered !== item.ordered) break;
        items.push(parseInline(next.text));
        i++;
      }
      blocks.push({ kind: 'list', ordered: item.ordered, items });
      continue;
    }
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line.trim());
  }
  flushParagraph();
  return blocks;
}

function listItem(line: string): { ordered: boolean; text: string } | null {
  const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
  if (bullet) return { ordered: false, text: bullet[1]! };
  const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
  return numbered ? { ordered: true, text: numbered[1]! } : null;
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const code = /^`([^`]+)`/.exec(rest);
    const strong = /^\*\*(.+?)\*\*/.exec(rest) ?? /^__(.+?)__/.exec(rest);
    const em = /^\*([^*]+)\*/.exec(rest) ?? /^_([^_]+)_/.exec(rest);
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    const match = code ?? strong ?? em ?? link;
    if (!match) {
      plain += text[i];
      i++;
      continue;
    }
    flush();
    if (match === code) out.push({ kind: 'code', text: code[1]! });
    else if (match === strong) out.push({ kind: 'strong', children: parseInline(strong[1]!) });
    else if (match === em) out.push({ kind: 'em', children: parseInline(em[1]!) });
    else out.push({ kind: 'link', href: safeHref(link![2]!), children: parseInline(link![1]!) });
    i += match[0].length;
  }
  flush();
  return out;
}

/** Only web and relative links; `javascript:` and other schemes become inert. */
export function safeHref(href: string): string {
  return /^(https?:|mailto:|\/|#|\.)/i.test(href) ? href : '#';
}
