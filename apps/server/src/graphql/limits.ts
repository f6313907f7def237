/**
 * Query limits, applied to HTTP queries (an Apollo plugin, server.ts) and to websocket subscriptions
 * (subscriptions/websocket.ts) alike, before anything runs:
 * - depth (graphql-depth-limit): nesting of selections — a top-level field is at depth 0, its
 *   fields at 1, … — introspection fields not counted;
 * - cost (graphql-query-complexity): each field costs 1 plus its children, times the page size of
 *   paged fields (`first`, `last`), times LIST_FACTOR (or `maxPoints`) for other lists of objects,
 *   plus HEAVY_FIELD_COST for fields that decode artifacts (heat maps, activation maps); fields of
 *   introspection count 1 each. A too costly query is refused whole.
 * Cheaper bounds (tokens, fields, aliases) run before validation: document-bounds.ts.
 */
import depthLimit from 'graphql-depth-limit';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { GraphQLError, getNamedType, getNullableType, isCompositeType, isListType, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from './errors';

export interface QueryLimits {
  /** Deepest nesting of selections. Default 12. */
  maxDepth: number;
  /** Largest estimated cost. Default 20 000. */
  maxCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 20_000 };

/** Assumed length of a list that has no page-size argument (prototypes of a run, metric keys, …). */
export const LIST_FACTOR = 10;
/** Extra cost of a field that reads and decodes an artifact. */
export const HEAVY_FIELD_COST = 50;
const HEAVY_FIELDS = new Set(['heatmap', 'activationMap']);

function estimateCost({ type: parent, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  // Introspection reads the schema, not the store: its lists are not multiplied (the standard
  // introspection query of GraphiQL and codegen would otherwise cost about 49 000).
  if (parent.name.startsWith('__') || field.name.startsWith('__')) return 1 + childComplexity;
  const type = getNullableType(field.type);
  const own = HEAVY_FIELDS.has(field.name) ? HEAVY_FIELD_COST : 1;
  const pageSize = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  if (pageSize !== undefined) return own + Math.max(1, pageSize) * childComplexity;
  // Lists of objects multiply their children; `edges` is already counted by its connection's page
  // size, and lists of scalars (heat-map values) are priced by their field.
  if (isListType(type) && isCompositeType(getNamedType(type)) && field.name !== 'edges') {
    const many = typeof args.maxPoints === 'number' ? args.maxPoints : LIST_FACTOR;
    return own + many * Math.max(1, childComplexity);
  }
  return own + childComplexity;
}

/**
 * The limit errors of a query (empty when it may run). Variables that do not fit the query are left
 * for execution to report, with its own message.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  limits: QueryLimits,
): GraphQLError[] {
  const deep = validate(schema, document, [depthLimit(limits.maxDepth)]);
  if (deep.length > 0) {
    return deep.map((e) => {
      // graphql-depth-limit says "'<operation name>' exceeds …", with '' for an anonymous query.
      const operation = /^'(.+)' exceeds/.exec(e.message)?.[1];
      const subject = operation ? `operation '${operation}'` : 'the query';
      return new GraphQLError(`${subject} nests selections deeper than the limit of ${limits.maxDepth} levels; split it`, {
        nodes: e.nodes,
        extensions: { code: ErrorCode.QueryTooDeep, maxDepth: limits.maxDepth, http: { status: 400 } },
      });
    });
  }
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables: (variables ?? {}) as Record<string, unknown>, operationName: operationName ?? undefined, estimators: [estimateCost] });
  } catch {
    return [];
  }
  if (cost > limits.maxCost) {
    return [
      new GraphQLError(
        `query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages (first/last), fewer nested lists or fewer heat maps`,
        { extensions: { code: ErrorCode.QueryTooComplex, cost, maxCost: limits.maxCost, http: { status: 400 } } },
      ),
    ];
  }
  return [];
}
