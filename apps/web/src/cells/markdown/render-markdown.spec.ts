import { renderMarkdown } from './render-markdown';
import { isSafeHref } from './safe-href';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs joined across lines, lists, fenced code and inline marks', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and *it*\nwith `code`.\n\n- one\n- [two](https://x.org)\n\n```ts\nconst a = 1;\n```');
    expect(html).toBe(
      '<h1>Title</h1>\n' +
        '<p>Some <strong>bold</strong> and <em>it</em>\nwith <code>code</code>.</p>\n' +
        '<ul>\n<li>one</li>\n<li><a href="https://x.org" target="_blank" rel="noreferrer">two</a></li>\n</ul>\n' +
        '<pre><code class="language-ts">const a = 1;\n</code></pre>\n',
    );
  });

  it('renders tables and strikethrough', () => {
    expect(renderMarkdown('| a | b |\n| - | - |\n| 1 | 2 |\n\n~~x~~')).toBe(
      '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n<p><s>x</s></p>\n',
    );
  });

  it('shows raw HTML as text instead of parsing it', () => {
    expect(renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it.each([
    ['javascript:', '[x](javascript:alert(1))'],
    ['javascript: with odd case', '[x](JaVaScRiPt:alert(1))'],
    ['data:', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['protocol-relative', '[x](//evil.example/path)'],
    ['backslash protocol-relative', '[x](/\\evil.example)'],
  ])('leaves a %s link as plain text', (_name, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain('<a');
    expect(html).not.toContain('href');
  });

  it('refuses a data: image', () => {
    expect(renderMarkdown('![x](data:image/svg+xml;base64,PHN2Zz4=)')).not.toContain('<img');
  });
});

describe('isSafeHref', () => {
  it.each(['https://x.org/a?b=1', 'http://x.org', 'mailto:a@x.org', '/notebooks/n1', '#section', './notes', '../up', 'notes/x.md', '?q=1'])(
    'allows %s',
    (href) => expect(isSafeHref(href)).toBe(true),
  );
  it.each(['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'JAVASCRIPT:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '//evil.example', '\\\\evil.example', '/\\evil.example', ':x'])(
    'refuses %j',
    (href) => expect(isSafeHref(href)).toBe(false),
  );
});
