/** Replaces query parameters of a URL (absolute or server-relative), keeping the rest. */
export function withQueryParams(url: string, params: Record<string, string | number | boolean>): string {
  const base = 'http://relative.invalid';
  const parsed = new URL(url, base);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, String(value));
  return parsed.origin === base ? `${parsed.pathname}${parsed.search}${parsed.hash}` : parsed.toString();
}
