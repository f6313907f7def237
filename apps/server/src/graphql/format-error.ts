/**
 * The error shape clients see, for HTTP (Apollo's formatError) and websocket results alike: the
 * message, the path, and `extensions.code` — taken from a typed store or dataset error when a
 * resolver let one through, else whatever code the error already has.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { codeOf } from './errors';

export function formatGraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = codeOf(unwrapResolverError(error));
  // `http` (a status for Apollo) and stack traces are not for clients.
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  delete extensions.http;
  delete extensions.stacktrace;
  return { ...formatted, extensions: { ...extensions, ...(code ? { code } : {}), code: code ?? extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
}
