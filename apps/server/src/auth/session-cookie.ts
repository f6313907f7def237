/**
 * The browser session cookie: an opaque secret (the store keeps only its hash), HttpOnly so page
 * scripts cannot read it, SameSite=Lax so other sites' forms and fetches do not carry it.
 */
import type * as http from 'node:http';
import type { Response } from 'express';

export const SESSION_COOKIE = 'protoscope_session';

/** The session secret from the request's `Cookie` header, if any. */
export function sessionCookieOf(request: http.IncomingMessage): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export function setSessionCookie(res: Response, secret: string, expiresAt: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
