import { z } from 'zod';
import { defineCell } from '../definition';

export const DEFAULT_GRAPHQL_QUERY = `query LatestRuns {
  runs(first: 10) {
    edges { node { id name method status } }
  }
}`;

export const graphqlSpecSchema = z.object({
  query: z.string().default(DEFAULT_GRAPHQL_QUERY),
  /** Variables as JSON text, kept as typed so a half-written object is not lost. */
  variables: z.string().default('{}'),
  view: z.enum(['table', 'json']).default('table'),
});

export type GraphqlSpec = z.infer<typeof graphqlSpecSchema>;

export const graphqlDefinition = defineCell<GraphqlSpec>({
  type: 'graphql',
  title: 'GraphQL query',
  description: 'Any query against the server; the result as a table (the first list in it) or as JSON.',
  schema: graphqlSpecSchema,
  inputs: [],
  outputs: [],
});
