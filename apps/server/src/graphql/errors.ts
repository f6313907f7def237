/**
 * Error codes of the graph. Every error a client sees carries `extensions.code`: the standard
 * ones from Apollo (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT,
 * INTERNAL_SERVER_ERROR) and these. Store and dataset errors thrown by resolvers are translated here
 * so resolvers can simply let them through.
 */
import { DatasetError, DatasetInputError, DatasetOptionError } from '@protoscope/datasets';
import {
  InvalidInputError,
  UnknownArtifactError,
  UnknownCellError,
  UnknownCommentThreadError,
  UnknownDatasetError,
  UnknownJobError,
  UnknownNotebookError,
  UnknownNotebookVersionError,
  UnknownRunError,
  UnknownUserError,
} from '@protoscope/tracking';
import { NotebookDocError } from '@protoscope/notebook-doc';
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  /** A dataset folder or image that the store points at cannot be read. */
  DatasetUnavailable: 'DATASET_UNAVAILABLE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  /** updateCell's ifVersion no longer matches the cell's version: someone changed it meanwhile. */
  Conflict: 'CONFLICT',
  /** No valid session cookie or bearer token (HTTP 401 on the binary endpoints). */
  Unauthenticated: 'UNAUTHENTICATED',
  /** Signed in, but the role, token scope or notebook share does not allow it (HTTP 403). */
  Forbidden: 'FORBIDDEN',
  /** The request is too large or malformed to be read at all (HTTP 400 / 413). */
  BadRequest: 'BAD_REQUEST',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A GraphQL error with a code (and HTTP status 400 when it is raised before execution). */
export function graphError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export function badInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return graphError(ErrorCode.BadUserInput, message, extra);
}

export function notFound(message: string): GraphQLError {
  return graphError(ErrorCode.NotFound, message);
}

/** The code for an error thrown by the store or the dataset library; undefined for anything else. */
export function codeOf(error: unknown): ErrorCode | undefined {
  if (
    error instanceof UnknownRunError ||
    error instanceof UnknownJobError ||
    error instanceof UnknownDatasetError ||
    error instanceof UnknownNotebookError ||
    error instanceof UnknownCellError ||
    error instanceof UnknownArtifactError ||
    error instanceof UnknownCommentThreadError ||
    error instanceof UnknownNotebookVersionError ||
    error instanceof UnknownUserError
  ) {
    return ErrorCode.NotFound;
  }
  if (error instanceof InvalidInputError || error instanceof DatasetOptionError || error instanceof NotebookDocError) return ErrorCode.BadUserInput;
  if (error instanceof DatasetInputError || error instanceof DatasetError) return ErrorCode.DatasetUnavailable;
  return undefined;
}
