/**
 * Browser sign-in: `POST /auth/login` (name + password, JSON or form), `POST /auth/logout`, and
 * `GET|POST /auth/link?token=…` — the one-time login link `protoscope start` prints, consumed once,
 * then a redirect to `next` (a path here or a page of a configured web origin). Each success sets
 * the HttpOnly, SameSite=Lax session cookie. Host and Origin are checked before these run.
 */
import type { Store } from '@protoscope/tracking';
import express, { Router, type Request, type Response } from 'express';
import { ErrorCode } from '../graphql/errors';
import { route } from '../http/http-errors';
import { LoginThrottle } from './login-throttle';
import type { OriginPolicy } from './origin-policy';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie';

export function authRoutes(store: Store, origins: OriginPolicy, throttle = new LoginThrottle()): Router {
  const router = Router();
  const body = [express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' })];

  router.post(
    '/auth/login',
    ...body,
    route(async (req, res) => {
      const { name, password } = (req.body ?? {}) as { name?: unknown; password?: unknown };
      if (typeof name !== 'string' || typeof password !== 'string' || name === '' || password === '') {
        res.status(400).json({ error: 'send "name" and "password"', code: ErrorCode.BadUserInput });
        return;
      }
      const address = req.socket.remoteAddress ?? '';
      const wait = throttle.waitMs(address, name);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        res.status(429).json({ error: `too many wrong passwords for "${name}"; try again in ${Math.ceil(wait / 1000)} s`, code: ErrorCode.Unauthenticated });
        return;
      }
      const user = await store.users.checkPassword(name, password);
      if (!user) {
        throttle.failed(address, name);
        res.status(401).json({ error: 'wrong name or password', code: ErrorCode.Unauthenticated });
        return;
      }
      throttle.succeeded(address, name);
      await startSession(store, req, res, user.id);
      res.json({ ok: true, user: { name: user.name, role: user.role } });
    }),
  );

  router.post(
    '/auth/logout',
    route(async (req, res) => {
      const secret = sessionCookieOf(req);
      if (secret !== undefined) {
        const found = await store.sessions.find(secret);
        if (found) await store.sessions.end(found.session.id);
      }
      clearSessionCookie(res, req.secure);
      res.json({ ok: true });
    }),
  );

  const consumeLink = (respond: (req: Request, res: Response) => void) =>
    route(async (req, res) => {
      const token = typeof req.query.token === 'string' ? req.query.token : (req.body as { token?: unknown } | undefined)?.token;
      const user = typeof token === 'string' ? await store.loginLinks.consume(token) : undefined;
      if (!user) {
        res.status(401).json({
          error: 'this login link is unknown, used already or expired; `protoscope user login-url` prints a new one',
          code: ErrorCode.Unauthenticated,
        });
        return;
      }
      await startSession(store, req, res, user.id);
      respond(req, res);
    });

  router.get(
    '/auth/link',
    consumeLink((req, res) => res.redirect(303, safeNext(req.query.next, origins))),
  );
  router.post(
    '/auth/link',
    ...body,
    consumeLink((_req, res) => res.json({ ok: true })),
  );
  return router;
}

async function startSession(store: Store, req: Request, res: Response, userId: string): Promise<void> {
  const { secret, session } = await store.sessions.create(userId);
  setSessionCookie(res, secret, session.expiresAt, req.secure);
}

/** Where a login link may send the browser: a path on this server or a page of a web origin (no open redirect). */
export function safeNext(next: unknown, origins: OriginPolicy): string {
  const fallback = origins.webOrigins[0] ?? '/healthz';
  if (typeof next !== 'string' || next === '') return fallback;
  if (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  try {
    const url = new URL(next);
    return origins.webOrigins.includes(url.origin) ? url.toString() : fallback;
  } catch {
    return fallback;
  }
}
