/**
 * Express middleware of the HTTP doors: `identifyCaller` puts the caller (or null) in
 * `res.locals.caller`; `requireCaller` refuses with 401 (nobody signed in) or 403 (not allowed),
 * as JSON `{ error, code }` like the other binary-endpoint errors.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../graphql/errors';
import { describeCaller } from './authorize-schema';
import type { Caller, Gatekeeper } from './gatekeeper';
import { allows, type WorkspacePermission } from './permissions';

export function identifyCaller(gatekeeper: Gatekeeper): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    gatekeeper.identify(req).then((caller) => {
      res.locals.caller = caller;
      next();
    }, next);
  };
}

export function callerOf(res: Response): Caller | null {
  return (res.locals.caller as Caller | null | undefined) ?? null;
}

/** Refuses requests without a caller allowed `permission` (after identifyCaller). */
export function requireCaller(permission: WorkspacePermission): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const caller = callerOf(res);
    if (!caller) {
      res.status(401).json({ error: 'not signed in: send a session cookie or an Authorization: Bearer token', code: ErrorCode.Unauthenticated });
      return;
    }
    if (!allows(caller, permission)) {
      res.status(403).json({ error: `${describeCaller(caller)} may not ${permission} here`, code: ErrorCode.Forbidden });
      return;
    }
    next();
  };
}

/** Refuses requests whose `Host` or `Origin` the gatekeeper does not accept. */
export function checkOrigin(gatekeeper: Gatekeeper): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = gatekeeper.checkOrigin(req);
    if (refusal) {
      res.status(refusal.status).json({ error: refusal.message, code: refusal.status === 400 ? ErrorCode.BadRequest : ErrorCode.Forbidden });
      return;
    }
    next();
  };
}
