/** Schemes a note may link to; anything else (`javascript:`, `data:`, `vbscript:`, `file:` …) is refused. */
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a link target in a note is safe to put in `href`/`src`: a web or mail address, or a path
 * within this site. Protocol-relative `//host` (and `/\host`, which browsers read the same way) is
 * refused because it leaves the site. Browsers ignore control characters and whitespace inside a
 * scheme (`java\tscript:`), so those are removed before the scheme is read.
 */
export function isSafeHref(href: string): boolean {
  // eslint-disable-next-line no-control-regex
  const url = href.replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^[/\\]{2}/.test(url) || /^[/\\]%5c/i.test(url)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  if (scheme) return ALLOWED_SCHEMES.has(scheme[1]!.toLowerCase());
  // No scheme: a relative reference, unless a colon before any slash makes it scheme-like (`:x`).
  return !/^[^/?#]*:/.test(url);
}
