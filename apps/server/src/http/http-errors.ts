/**
 * Errors of the binary endpoints: JSON bodies `{ error, code }` with the same codes as the graph, and
 * an HTTP status to match (400 bad parameters, 404 unknown things, 422 a dataset that cannot be read).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode, codeOf } from '../graphql/errors';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const notFoundHttp = (message: string) => new HttpError(404, ErrorCode.NotFound, message);
export const badRequestHttp = (message: string) => new HttpError(400, ErrorCode.BadUserInput, message);

const STATUS_OF_CODE: Record<string, number> = {
  [ErrorCode.NotFound]: 404,
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.DatasetUnavailable]: 422,
};

/** Wraps an async handler so its errors reach the error middleware. */
export function route(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}

export function httpErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const code = error instanceof HttpError ? error.code : (codeOf(error) ?? ErrorCode.InternalServerError);
  const status = error instanceof HttpError ? error.status : (STATUS_OF_CODE[code] ?? 500);
  const message = error instanceof Error ? error.message : String(error);
  res.status(status).json({ error: message, code });
}
