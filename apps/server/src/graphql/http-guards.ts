/**
 * What `/graphql` checks over HTTP before Apollo sees a request, each answered in the GraphQL error
 * shape: a body that is not JSON (400) or too large (413) — not a 500 —, no signed-in caller (401:
 * anonymous callers never reach the parser), and a document outside the pre-validation bounds (400).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { callerOf } from '../auth/require-caller';
import { parseBounded, type DocumentBounds } from './document-bounds';
import { ErrorCode } from './errors';

function sendErrors(res: Response, status: number, message: string, code: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** Error middleware for the JSON body parser (body-parser errors carry `type` and `status`). */
export function graphqlBodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const { type, status, limit } = (error ?? {}) as { type?: unknown; status?: unknown; limit?: unknown };
  if (type === 'entity.too.large') {
    sendErrors(res, 413, `the request body is larger than the limit of ${String(limit)} bytes`, ErrorCode.BadRequest);
  } else if (type === 'entity.parse.failed') {
    sendErrors(res, 400, 'the request body is not valid JSON', ErrorCode.BadRequest);
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    sendErrors(res, status, error instanceof Error ? error.message : 'bad request', ErrorCode.BadRequest);
  } else {
    next(error);
  }
}

export const requireGraphCaller: RequestHandler = (_req, res, next) => {
  if (callerOf(res)) {
    next();
    return;
  }
  sendErrors(res, 401, 'not signed in: send a session cookie or an Authorization: Bearer token (protoscope token create)', ErrorCode.Unauthenticated);
};

export function boundDocuments(bounds: DocumentBounds): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const query = req.method === 'GET' ? req.query.query : body && typeof body === 'object' && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
    if (Array.isArray(body)) {
      sendErrors(res, 400, 'batched requests are not accepted; send one operation per request', ErrorCode.BadRequest);
      return;
    }
    try {
      parseBounded(query, bounds);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const extensions: Record<string, unknown> = { ...error.extensions };
      delete extensions.http;
      res.status(400).json({ errors: [{ message: error.message, extensions }] });
      return;
    }
    next();
  };
}
