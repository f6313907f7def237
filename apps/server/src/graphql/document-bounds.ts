/**
 * Bounds on a query document checked BEFORE validation. Validation is quadratic in the number of
 * fields sharing a response name (`{ a a a … }`), so a few hundred kilobytes of query could hold the
 * event loop for minutes: the parser stops at `maxTokens`, then one linear walk counts fields and
 * aliases, and only a document within both bounds is validated.
 */
import { GraphQLError, Kind, parse, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from './errors';

export interface DocumentBounds {
  /** Lexical tokens (names, punctuation, values). The standard introspection query has about 170. */
  maxTokens: number;
  /** Field selections and fragment spreads, counted in the document as written. */
  maxFields: number;
  /** Aliased fields. */
  maxAliases: number;
}

export const DEFAULT_DOCUMENT_BOUNDS: DocumentBounds = { maxTokens: 5_000, maxFields: 500, maxAliases: 100 };

function tooLarge(message: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QueryTooComplex, ...extra, http: { status: 400 } } });
}

/** Parses `query` within the bounds; a GraphQLError (GRAPHQL_PARSE_FAILED or QUERY_TOO_COMPLEX) otherwise. */
export function parseBounded(query: unknown, bounds: DocumentBounds): DocumentNode {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new GraphQLError('the request has no query: send a JSON body like {"query": "{ me { name } }"}', {
      extensions: { code: ErrorCode.BadRequest, http: { status: 400 } },
    });
  }
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: bounds.maxTokens, noLocation: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/contains more th\w+ \d+ tokens/.test(message)) {
      throw tooLarge(`the query has more than ${bounds.maxTokens} tokens; split it into smaller queries`, { maxTokens: bounds.maxTokens });
    }
    throw new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
  }
  let fields = 0;
  let aliases = 0;
  visit(document, {
    [Kind.FIELD](node) {
      fields++;
      if (node.alias) aliases++;
    },
    [Kind.FRAGMENT_SPREAD]() {
      fields++;
    },
  });
  if (fields > bounds.maxFields) {
    throw tooLarge(`the query selects ${fields} fields, more than the limit of ${bounds.maxFields}; split it into smaller queries`, { maxFields: bounds.maxFields });
  }
  if (aliases > bounds.maxAliases) {
    throw tooLarge(`the query uses ${aliases} aliases, more than the limit of ${bounds.maxAliases}`, { maxAliases: bounds.maxAliases });
  }
  return document;
}
