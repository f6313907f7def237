/**
 * The run filter language as the graph reports it. The schema's `RunFilter` and `RunOrder` inputs are
 * the store's `RunQueryFilter` and `RunQueryOrder`, which the store checks and compiles to SQL
 * (libs/tracking/src/run-query-filter.ts, run-query-order.ts); the semantics live there, once, for
 * SQLite and PostgreSQL alike. Here a filter, order or cursor the store refuses becomes
 * BAD_USER_INPUT, with `extensions.filterPath` naming the place inside the filter.
 */
import { RunQueryError, type RunQueryFilter, type RunQueryOrder } from '@protoscope/tracking';
import type { GraphQLError } from 'graphql';
import { badInput } from '../graphql/errors';
import type { RunFilter, RunOrder } from '../graphql/generated/resolvers-types';

// The schema's inputs are the store's: a change to one that the other cannot take fails to compile here.
export const storeRunFilter = (filter: RunFilter | null | undefined): RunQueryFilter | null => filter ?? null;
export const storeRunOrder = (orderBy: readonly RunOrder[] | null | undefined): readonly RunQueryOrder[] | null => orderBy ?? null;

/** The store's refusal of a filter, order or cursor as the graph's BAD_USER_INPUT; anything else unchanged. */
export function runQueryInputError(error: unknown): unknown {
  if (!(error instanceof RunQueryError)) return error;
  const where = error.path === 'filter' || error.path.startsWith('filter.') ? { filterPath: error.path } : {};
  const refused: GraphQLError = badInput(error.message, where);
  return refused;
}
